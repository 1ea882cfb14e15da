/*
 * Console output, power-off and the command line's options for the tiny
 * PV test kernels.  As dom0
 * they write with console_io straight to the hypervisor's serial line;
 * as a domU (Xen 4.17 release builds refuse a domU's console_io) they
 * write to the console ring the domain builder gave them.
 */
#include "pvk.h"
#include <xen/event_channel.h>
#include <xen/io/console.h>

#define MAX_YIELDS 100000	/* a backend that never reads: give up */

static const struct start_info *boot_start_info(void)
{
	return (const struct start_info *)boot_regs.rsi;
}

static bool is_domu(void)
{
	return !(boot_start_info()->flags & SIF_INITDOMAIN);
}

/* The builder maps the ring inside our boot region (VIRT_BASE 0). */
static struct xencons_interface *console_ring(void)
{
	return (struct xencons_interface *)
		(M2P[boot_start_info()->console.domU.mfn] << 12);
}

static void notify_backend(void)
{
	struct evtchn_send send = {
		.port = boot_start_info()->console.domU.evtchn,
	};

	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &send);
}

/* Let the backend run until the ring has room (or is empty). */
static bool wait_for_backend(struct xencons_interface *ring, uint32_t room)
{
	for (int i = 0; i < MAX_YIELDS; i++) {
		if (sizeof(ring->out) - (ring->out_prod - ring->out_cons) >= room)
			return true;
		notify_backend();
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

static void ring_write(const char *buf, int len)
{
	struct xencons_interface *ring = console_ring();

	for (int i = 0; i < len; i++) {
		if (!wait_for_backend(ring, 1))
			return;
		ring->out[MASK_XENCONS_IDX(ring->out_prod, ring->out)] = buf[i];
		__atomic_thread_fence(__ATOMIC_RELEASE);
		ring->out_prod++;
	}
	notify_backend();
}

void pvk_print(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (is_domu())
		ring_write(buf, n);
	else
		hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, n, buf);
}

/* What an unbound port for DOMID_SELF records as its domain. */
domid_t pvk_domid(void)
{
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = DOMID_SELF };
	struct evtchn_close close;

	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound, &au);
	st.port = au.port;
	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_status, &st);
	close.port = au.port;
	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &close);
	return st.u.unbound.dom;
}

unsigned long pvk_option(const char *name, unsigned long fallback)
{
	const char *line = (const char *)boot_start_info()->cmd_line, *s;
	size_t len = strlen(name);
	unsigned long v = 0;

	for (s = line; *s; s++) {
		if ((s == line || s[-1] == ' ') && !memcmp(s, name, len) &&
		    s[len] == '=') {
			for (s += len + 1; *s >= '0' && *s <= '9'; s++)
				v = v * 10 + (unsigned long)(*s - '0');
			return v;
		}
	}
	return fallback;
}

void pvk_poweroff(void)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_poweroff };

	if (is_domu())	/* everything read before we go */
		wait_for_backend(console_ring(), sizeof(console_ring()->out));

	for (;;)
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s);
}

/*
 * The end of a trap handler: the guest's rcx and r11 (which the bounce
 * frame held) back on the stack in HYPERVISOR_iret's layout, then iret.
 */
asm(".globl pvk_iret\n"
    "pvk_iret:\n"
    "	pushq $0\n"			/* iret flags */
    "	push %rcx\n"
    "	push %r11\n"
    "	push %rax\n"
    "	mov $23, %eax\n"		/* __HYPERVISOR_iret */
    "	syscall\n");

void pvk_set_trap_handler(unsigned int vector, void (*handler)(void))
{
	static struct trap_info traps[2];

	traps[0].vector = vector;
	traps[0].cs = FLAT_KERNEL_CS;
	traps[0].address = (unsigned long)handler;
	hypercall1(__HYPERVISOR_set_trap_table, traps);
}

/* Linux's forced-emulation prefix: ud2; .ascii "xen"; cpuid. */
void cpuid_forced(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
		  uint32_t *c, uint32_t *d)
{
	asm volatile(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e; cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "0"(leaf), "2"(sub));
}
