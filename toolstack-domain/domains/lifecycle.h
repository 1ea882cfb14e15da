/*
 * Guest life cycle after creation: what happens when a guest powers
 * off, reboots or crashes (its config's on_poweroff, on_reboot and
 * on_crash), and tearing a guest down.  A thread acts on VIRQ_DOM_EXC,
 * as xl's per-domain daemon does on stock Xen.
 */
#ifndef TOOLSTACK_LIFECYCLE_H
#define TOOLSTACK_LIFECYCLE_H

struct domain_record;

/* Start the thread that applies on_* actions.  0 or a negative errno. */
int lifecycle_start(void);

/* From now on a guest that shuts down is not restarted, whatever its
 * config says: the machine is powering off. */
void lifecycle_host_going_down(void);

/*
 * End any `xl console` session on the guest, stop its console backend,
 * remove its XenStore entries and our record, then destroy it in Xen.
 * Returns 0 or Xen's negative errno (the record is gone either way).
 */
int guest_destroy(struct domain_record *d);

#endif
