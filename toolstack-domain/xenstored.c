/*
 * xenstored's transport in the control domain (see xenstored.h).
 *
 * Event handlers only mark work and wake the service thread; every call
 * into the daemon happens in that thread or in the shell's, and none of
 * them yields, so the daemon's single-threaded rule holds under the
 * cooperative scheduler.  A guest that violates the protocol gets its
 * ring's error set and its channel closed; its page stays mapped until
 * its release.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <minios/events.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xenstore/client.h"
#include "xenstore/ring.h"
#include "domains/dom_exc.h"
#include "xenstored.h"

struct guest_store {
	struct xs_conn *conn;
	unsigned int domid;
	evtchn_port_t port;	/* ours; closed once broken */
	bool pending;		/* event or output: serve the ring */
	struct xs_ring ring;
	struct guest_store *next;
};

static struct xs_daemon *daemon;
static struct xs_conn *toolstack;
static struct guest_store *guests;
static struct waitqueue service_wait;
static bool dom_exc;		/* VIRQ_DOM_EXC seen, domains not checked */

static void guest_event(evtchn_port_t port, void *data)
{
	struct guest_store *g = data;

	(void)port;
	g->pending = true;
	wake_up(&service_wait);
}

static void dom_exc_event(void *data)
{
	(void)data;
	dom_exc = true;
	wake_up(&service_wait);
}

static int bind_guest(struct guest_store *g, uint32_t remote_port)
{
	int rc = bind_interdomain(g->domid, remote_port, guest_event, g);

	if (rc < 0) {
		printf("xenstored: domain %u: binding port %u: %s\n", g->domid,
		       remote_port, xen_strerror(rc));
		return EINVAL;
	}
	g->port = rc;
	return 0;
}

static struct guest_store *map_guest(unsigned int domid, uint64_t gfn)
{
	struct guest_store *g = calloc(1, sizeof(*g));
	xen_pfn_t mfn = gfn;	/* PV: the toolstack passes the MFN */
	void *page;
	int rc;

	if (!g)
		return NULL;
	page = map_frames(&mfn, 1, domid, 1, &rc);
	if (!page) {
		printf("xenstored: domain %u: mapping ring frame %#llx: %s\n",
		       domid, (unsigned long long)gfn, xen_strerror(rc));
		free(g);
		return NULL;
	}
	g->domid = domid;
	xs_ring_init(&g->ring, page);
	return g;
}

static void mark_pending(struct guest_store *g)
{
	g->pending = true;
	wake_up(&service_wait);
}

/* A live domain introduced again: serve the ring anew on a new port. */
static int reintroduce(struct guest_store *g, uint32_t evtchn)
{
	if (!g->ring.broken)
		unbind_evtchn(g->port);
	xs_ring_init(&g->ring, g->ring.intf);
	if (bind_guest(g, evtchn)) {
		g->ring.broken = true;	/* no port to close later */
		return EINVAL;
	}
	mark_pending(g);
	return 0;
}

static int introduce_new(struct xs_conn *conn, uint64_t gfn, uint32_t evtchn)
{
	struct guest_store *g = map_guest(xs_conn_domid(conn), gfn);

	if (!g)
		return ENOMEM;
	if (bind_guest(g, evtchn)) {
		unmap_frames(g->ring.intf, 1);
		free(g);
		return EINVAL;
	}
	g->conn = conn;
	xs_conn_set_private(conn, g);
	g->next = guests;
	guests = g;
	mark_pending(g);
	return 0;
}

static int hook_introduce(void *arg, struct xs_conn *conn, uint64_t gfn,
			  uint32_t evtchn)
{
	struct guest_store *g = xs_conn_private(conn);

	(void)arg;
	return g ? reintroduce(g, evtchn) : introduce_new(conn, gfn, evtchn);
}

/* XS_RELEASE or the domain's destruction: let go of ring and port. */
static void hook_release(void *arg, struct xs_conn *conn)
{
	struct guest_store *g = xs_conn_private(conn);
	struct guest_store **p;

	(void)arg;
	if (!g)
		return;
	for (p = &guests; *p != g; p = &(*p)->next)
		;
	*p = g->next;
	if (!g->ring.broken)
		unbind_evtchn(g->port);
	unmap_frames(g->ring.intf, 1);
	xs_conn_set_private(conn, NULL);
	free(g);
}

/* Output for a connection other than the one being served (watches). */
static void hook_output(void *arg, struct xs_conn *conn)
{
	struct guest_store *g = xs_conn_private(conn);

	(void)arg;
	if (g)
		mark_pending(g);
}

static void hook_log(void *arg, const char *line)
{
	(void)arg;
	printf("xenstored: %s\n", line);
}

static void serve(struct guest_store *g)
{
	switch (xs_ring_serve(&g->ring, g->conn)) {
	case XS_RING_NOTIFY:
		evtchn_notify(g->port);
		break;
	case XS_RING_BROKEN:
		printf("\nxenstored: domain %u violated the xenstore protocol: "
		       "no longer served\n", g->domid);
		fflush(stdout);
		unbind_evtchn(g->port);
		break;
	case XS_RING_IDLE:
		break;
	}
}

/* After VIRQ_DOM_EXC: which introduced domains shut down or are gone. */
static void check_domains(void)
{
	struct xen_domctl_getdomaininfo info;
	struct guest_store *g, *next;

	for (g = guests; g; g = next) {
		next = g->next;	/* destruction frees g */
		if (domain_getinfo(g->domid, &info))
			xs_domain_destroyed(daemon, g->domid);
		else if (info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying))
			xs_domain_shutdown(daemon, g->domid);
	}
}

static bool any_work(void)
{
	if (dom_exc)
		return true;
	for (struct guest_store *g = guests; g; g = g->next)
		if (g->pending)
			return true;
	return false;
}

static void service_thread(void *unused)
{
	(void)unused;
	for (;;) {
		wait_event(&service_wait, any_work());
		if (dom_exc) {
			dom_exc = false;
			check_domains();
		}
		for (struct guest_store *g = guests; g; g = g->next) {
			if (!g->pending)
				continue;
			g->pending = false;
			if (!g->ring.broken)
				serve(g);
		}
		schedule();	/* a busy guest must not starve the shell */
	}
}

/* Domain 0's own entries, as xl's dom0 setup leaves them. */
static void write_dom0_keys(void)
{
	xs_client_write(toolstack, "/local/domain/0/name", "Domain-0");
	xs_client_write(toolstack, "/local/domain/0/domid", "0");
}

int xenstored_start(void)
{
	static const struct xs_hooks hooks = {
		.introduce = hook_introduce,
		.release = hook_release,
		.output = hook_output,
		.log = hook_log,
	};
	int rc;

	daemon = xs_daemon_create(NULL, &hooks);
	toolstack = daemon ? xs_conn_create_dom0(daemon) : NULL;
	if (!toolstack) {
		printf("xenstored: out of memory\n");
		return -1;
	}
	write_dom0_keys();
	rc = dom_exc_subscribe(dom_exc_event, NULL);
	if (rc < 0)
		printf("xenstored: binding VIRQ_DOM_EXC: %s (domain deaths "
		       "are seen only through xl destroy)\n", xen_strerror(rc));
	if (!create_thread("xenstored", service_thread, NULL)) {
		printf("xenstored: cannot start its thread\n");
		return -1;
	}
	return 0;
}

struct xs_conn *xenstored_toolstack(void)
{
	return toolstack;
}
