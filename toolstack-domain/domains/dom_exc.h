/*
 * Domain state changes.  Xen raises VIRQ_DOM_EXC at the control domain
 * when a domain shuts down, crashes or is destroyed; one binding fans
 * it out to every subscriber (xenstored, the life-cycle thread).
 */
#ifndef TOOLSTACK_DOM_EXC_H
#define TOOLSTACK_DOM_EXC_H

/*
 * Call notify(arg) on every VIRQ_DOM_EXC.  It runs in the event upcall:
 * it may only set flags and wake threads.  Returns 0 or a negative errno.
 */
int dom_exc_subscribe(void (*notify)(void *arg), void *arg);

#endif
