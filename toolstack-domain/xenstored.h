/*
 * xenstored in the control domain: the daemon library (xenstore/) with
 * its transport.  A service thread serves every introduced guest's ring
 * (mapped here, its channel bound) and watches VIRQ_DOM_EXC for guests
 * that shut down or disappear; the toolstack talks to the daemon
 * in-process through one domain-0 connection (xenstore/client.h).
 */
#ifndef TOOLSTACK_XENSTORED_H
#define TOOLSTACK_XENSTORED_H

struct xs_conn;

/* Create the daemon and start its thread; 0 or -1 after a message. */
int xenstored_start(void);

/* The toolstack's own privileged connection; NULL if not started. */
struct xs_conn *xenstored_toolstack(void);

#endif
