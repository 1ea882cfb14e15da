/*
 * The console backend (what xenconsoled does for xl): for every guest,
 * its console ring mapped here and its event channel bound; a service
 * thread drains guest output into a bounded history per guest and, when
 * an `xl console` session is attached, onto our own console.
 */
#ifndef TOOLSTACK_CONSOLE_BACKEND_H
#define TOOLSTACK_CONSOLE_BACKEND_H

#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>
#include <xen/event_channel.h>

#define CONSOLE_HISTORY 16384	/* bytes of output kept per guest */

struct guest_console;

/*
 * Serve domain 'dom''s console: its ring page is machine frame 'mfn'
 * and 'port' the guest's (unbound) end of its channel.  Returns the
 * console, or NULL with the reason in err (nothing is left mapped or
 * bound).
 */
struct guest_console *console_backend_attach(domid_t dom, xen_pfn_t mfn,
					     evtchn_port_t port, char *err,
					     size_t errlen);

/* Stop serving it: unbind, unmap, forget its history. */
void console_backend_detach(struct guest_console *c);

/*
 * Interactive use: print the history (oldest first), then copy new
 * output to our console until console_backend_release().
 */
void console_backend_connect(struct guest_console *c);
void console_backend_release(struct guest_console *c);

/*
 * Send input to the guest; returns bytes queued (the ring may be full),
 * or -1 if the console is closed (its ring was found corrupt).
 */
int console_backend_input(struct guest_console *c, const char *buf,
			  size_t len);

#endif
