/*
 * Guests that start with the machine and stop before it, as Debian's
 * xendomains script does for a Linux dom0: every config linked into
 * /etc/xen/auto starts at boot; at poweroff or reboot every running
 * guest is asked to shut down, given a bounded time, and what is left is
 * destroyed.  Each step is logged on the console.
 */
#ifndef TOOLSTACK_AUTOSTART_H
#define TOOLSTACK_AUTOSTART_H

#define AUTOSTART_DIR "/etc/xen/auto"
#define STOP_MAXWAIT_S 60	/* xendomains' XENDOMAINS_STOP_MAXWAIT is 300 */

/* Start the configs of AUTOSTART_DIR, in name order; a broken link or
 * config is logged and skipped. */
void autostart_guests(void);

/* Shut down every guest we run (not only the autostarted ones). */
void stop_all_guests(void);

#endif
