/*
 * Console backend (see backend.h).  Event handlers only mark a console
 * pending and wake the service thread; all ring access happens in that
 * thread or in the thread of an `xl console` session, never in an
 * upcall.  A guest that corrupts its ring indexes gets its console
 * closed, with a message; nothing it writes can make us read or write
 * outside its ring page.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minios/console.h>
#include <minios/events.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include "../hypervisor.h"
#include "backend.h"
#include "ring.h"

struct guest_console {
	domid_t dom;
	struct xencons_interface *ring;
	evtchn_port_t local_port;
	bool pending;		/* set by the event handler */
	bool broken;		/* ring found corrupt: closed */
	bool connected;		/* an xl console session shows output */
	char history[CONSOLE_HISTORY];
	size_t written;		/* total bytes ever put in history */
	struct guest_console *next;
};

static struct guest_console *consoles;
static struct waitqueue service_wait;
static bool service_started;

static void console_event(evtchn_port_t port, void *data)
{
	struct guest_console *c = data;

	(void)port;
	c->pending = true;
	wake_up(&service_wait);
}

static void remember(struct guest_console *c, const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		c->history[c->written++ % CONSOLE_HISTORY] = buf[i];
}

/* Stop using a ring the guest has corrupted; keep what we have. */
static void close_broken(struct guest_console *c)
{
	printf("\nconsole: domain %u corrupted its console ring: "
	       "console closed\n", c->dom);
	fflush(stdout);
	c->broken = true;
	unbind_evtchn(c->local_port);
	unmap_frames(c->ring, 1);
	c->ring = NULL;
}

/*
 * Takes at most one ring's worth of output per pass: a guest on another
 * CPU can refill its ring as fast as we empty it, and this thread must
 * let the shell and an `xl console` session (its detach key) run.  What
 * is left waits for the next pass, after the others have had their turn.
 */
static void drain(struct guest_console *c)
{
	char buf[256];
	size_t taken = 0;
	int n;

	while (!c->broken &&
	       (n = console_ring_take_output(c->ring, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			close_broken(c);
			return;
		}
		remember(c, buf, n);
		if (c->connected)
			console_write(buf, n);
		evtchn_notify(c->local_port);	/* room in the ring again */
		taken += n;
		if (taken >= sizeof(c->ring->out)) {
			c->pending = true;
			return;
		}
	}
}

static bool any_pending(void)
{
	for (struct guest_console *c = consoles; c; c = c->next)
		if (c->pending)
			return true;
	return false;
}

static void service_thread(void *unused)
{
	(void)unused;
	for (;;) {
		wait_event(&service_wait, any_pending());
		for (struct guest_console *c = consoles; c; c = c->next) {
			if (!c->pending)
				continue;
			c->pending = false;
			drain(c);
		}
		schedule();	/* a chatty guest must not starve the shell */
	}
}

static int start_service(char *err, size_t errlen)
{
	if (service_started)
		return 0;
	if (!create_thread("consoled", service_thread, NULL)) {
		snprintf(err, errlen, "cannot start the console thread");
		return -1;
	}
	service_started = true;
	return 0;
}

struct guest_console *console_backend_attach(domid_t dom, xen_pfn_t mfn,
					     evtchn_port_t port, char *err,
					     size_t errlen)
{
	struct guest_console *c;
	int rc;

	if (start_service(err, errlen))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory for a console");
		return NULL;
	}
	c->dom = dom;
	c->ring = map_frames(&mfn, 1, dom, 1, &rc);
	if (!c->ring) {
		snprintf(err, errlen, "mapping console ring: %s",
			 xen_strerror(rc));
		free(c);
		return NULL;
	}
	rc = bind_interdomain(dom, port, console_event, c);
	if (rc < 0) {
		snprintf(err, errlen, "binding console channel: %s",
			 xen_strerror(rc));
		unmap_frames(c->ring, 1);
		free(c);
		return NULL;
	}
	c->local_port = rc;
	c->next = consoles;
	consoles = c;
	c->pending = true;	/* output may already be waiting */
	wake_up(&service_wait);
	return c;
}

void console_backend_detach(struct guest_console *c)
{
	struct guest_console **p;

	for (p = &consoles; *p != c; p = &(*p)->next)
		;
	*p = c->next;
	if (!c->broken) {
		unbind_evtchn(c->local_port);
		unmap_frames(c->ring, 1);
	}
	free(c);
}

void console_backend_connect(struct guest_console *c)
{
	size_t kept = c->written < CONSOLE_HISTORY ? c->written
						   : CONSOLE_HISTORY;
	size_t start = (c->written - kept) % CONSOLE_HISTORY;
	size_t first = kept < CONSOLE_HISTORY - start ? kept
						     : CONSOLE_HISTORY - start;

	console_write(c->history + start, first);
	console_write(c->history, kept - first);
	c->connected = true;
}

void console_backend_release(struct guest_console *c)
{
	c->connected = false;
}

int console_backend_input(struct guest_console *c, const char *buf,
			  size_t len)
{
	int n;

	if (c->broken)
		return -1;
	n = console_ring_give_input(c->ring, buf, len);
	if (n < 0) {
		close_broken(c);
		return -1;
	}
	if (n)
		evtchn_notify(c->local_port);
	return n;
}
