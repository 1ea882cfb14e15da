/* The test kernels' XenStore client (xs.h): one request at a time. */
#include "pvk.h"
#include "xs.h"
#include <xen/event_channel.h>
#include <xen/io/xs_wire.h>

#define MAX_YIELDS	100000

static struct xenstore_domain_interface *store_ring(const struct start_info *si)
{
	return (struct xenstore_domain_interface *)(M2P[si->store_mfn] << 12);
}

static void kick(const struct start_info *si)
{
	struct evtchn_send send = { .port = si->store_evtchn };

	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &send);
}

static bool put_request(const struct start_info *si, const void *data,
			uint32_t len)
{
	struct xenstore_domain_interface *r = store_ring(si);
	const char *p = data;

	for (int i = 0; i < MAX_YIELDS; i++) {
		if (XENSTORE_RING_SIZE - (r->req_prod - r->req_cons) >= len) {
			for (uint32_t k = 0; k < len; k++)
				r->req[MASK_XENSTORE_IDX(r->req_prod + k)] = p[k];
			__atomic_thread_fence(__ATOMIC_RELEASE);
			r->req_prod += len;
			kick(si);
			return true;
		}
		kick(si);
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

static bool get_bytes(const struct start_info *si, void *data, uint32_t len)
{
	struct xenstore_domain_interface *r = store_ring(si);
	char *p = data;

	for (int i = 0; i < MAX_YIELDS; i++) {
		if (r->rsp_prod - r->rsp_cons >= len) {
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			for (uint32_t k = 0; k < len; k++)
				p[k] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons + k)];
			r->rsp_cons += len;
			kick(si);
			return true;
		}
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

int xs_request(const struct start_info *si, uint32_t type, uint32_t id,
	       const char *path, const char *value, char *reply,
	       uint32_t reply_max)
{
	struct xsd_sockmsg msg = { .type = type, .req_id = id };
	uint32_t plen = strlen(path) + 1, vlen = value ? strlen(value) : 0;
	uint32_t n;

	msg.len = plen + vlen;
	if (!put_request(si, &msg, sizeof(msg)) ||
	    !put_request(si, path, plen) || !put_request(si, value, vlen) ||
	    !get_bytes(si, &msg, sizeof(msg)) || msg.len > XENSTORE_PAYLOAD_MAX)
		return -1;
	n = msg.len < reply_max - 1 ? msg.len : reply_max - 1;
	if (!get_bytes(si, reply, n))
		return -1;
	reply[n] = '\0';
	for (uint32_t k = n; k < msg.len; k++) {
		char skip;

		if (!get_bytes(si, &skip, 1))
			return -1;
	}
	return (int)msg.type;
}
