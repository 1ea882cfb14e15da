/*
 * Event channel delivery (2-level ABI) and VIRQ binding.
 *
 * Xen sets bits in shared_info->evtchn_pending[], flags the word in
 * vcpu_info->evtchn_pending_sel and raises evtchn_upcall_pending; if the
 * vCPU's upcall mask is clear it then enters hypervisor_callback (entry.S).
 */
#include <minios/events.h>
#include <minios/hypercall.h>

#define NR_PORTS (sizeof(xen_ulong_t) * sizeof(xen_ulong_t) * 64)
#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

struct port_binding {
	evtchn_handler_t handler;
	void *data;
};

static struct port_binding bindings[NR_PORTS];

extern char hypervisor_callback[], failsafe_callback[];	/* entry.S */

static int register_callback(unsigned int type, void *entry)
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.address = (unsigned long)entry,
	};

	return HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
}

void events_init(void)
{
	if (register_callback(CALLBACKTYPE_event, hypervisor_callback) ||
	    register_callback(CALLBACKTYPE_failsafe, failsafe_callback))
		panic("events: cannot register upcall");
	events_enable();
}

void events_enable(void)
{
	vcpu_info_t *v = this_vcpu();

	v->evtchn_upcall_mask = 0;
	barrier();
	/* Anything that arrived while masked: a no-op hypercall delivers it. */
	if (v->evtchn_upcall_pending)
		HYPERVISOR_xen_version(0, NULL);
}

static void unmask_port(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	/* Xen clears the mask bit and re-raises the event if it is pending. */
	HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

/* Route a port Xen just bound for us to 'handler' and let it fire. */
static int attach_port(evtchn_port_t port, evtchn_handler_t handler,
		       void *data)
{
	if (port >= NR_PORTS)
		panic("events: Xen gave port %u beyond the 2-level limit",
		      port);
	bindings[port].data = data;
	bindings[port].handler = handler;
	unmask_port(port);
	return port;
}

int bind_virq(uint32_t virq, evtchn_handler_t handler, void *data)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = 0 };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

	return rc ? rc : attach_port(op.port, handler, data);
}

int evtchn_alloc_unbound(domid_t dom, domid_t remote)
{
	struct evtchn_alloc_unbound op = { .dom = dom, .remote_dom = remote };
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	return rc ? rc : (int)op.port;
}

int bind_interdomain(domid_t remote, evtchn_port_t remote_port,
		     evtchn_handler_t handler, void *data)
{
	struct evtchn_bind_interdomain op = {
		.remote_dom = remote, .remote_port = remote_port,
	};
	int rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	return rc ? rc : attach_port(op.local_port, handler, data);
}

void evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

void unbind_evtchn(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };
	unsigned long flags;

	if (port >= NR_PORTS)
		return;
	flags = events_save_disable();
	bindings[port].handler = NULL;
	bindings[port].data = NULL;
	events_restore(flags);
	HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

static void dispatch(evtchn_port_t port)
{
	struct port_binding *b = &bindings[port];

	if (b->handler)
		b->handler(port, b->data);
}

static void handle_word(unsigned int word)
{
	xen_ulong_t ready;

	ready = shared_info->evtchn_pending[word] &
		~shared_info->evtchn_mask[word];
	while (ready) {
		unsigned int bit = __builtin_ctzl(ready);
		evtchn_port_t port = word * BITS_PER_WORD + bit;

		ready &= ready - 1;
		__atomic_fetch_and(&shared_info->evtchn_pending[word],
				   ~(1UL << bit), __ATOMIC_SEQ_CST);
		dispatch(port);
	}
}

void do_hypervisor_callback(void)
{
	vcpu_info_t *v = this_vcpu();

	do {
		xen_ulong_t sel;

		v->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&v->evtchn_pending_sel, 0,
					  __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int word = __builtin_ctzl(sel);

			sel &= sel - 1;
			handle_word(word);
		}
	} while (v->evtchn_upcall_pending);
}
