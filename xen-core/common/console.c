/*
 * Console: printk into a log ring and onto the serial line, and the
 * serial input switch (CTRL-a three times) between xen-core's debug keys
 * and the control domain.
 */
#include <xen-core/console.h>
#include <xen-core/serial.h>
#include <xen-core/spinlock.h>
#include <xen-core/events.h>
#include <xen-core/shutdown.h>
#include <xen-core/domain.h>
#include <xen-core/errno.h>
#include <xen-core/guest_access.h>
#include <xen-core/hypercall.h>
#include <xen-core/timer.h>

#define LOG_RING_SIZE		(32 * 1024)	/* power of two */
#define DOM0_RX_SIZE		1024		/* power of two */
#define SWITCH_CHAR		0x01		/* CTRL-a */
#define SWITCH_PRESSES		3

static spinlock_t console_lock = SPIN_LOCK_UNLOCKED;
static enum log_level console_loglvl = LOG_WARN;

static char log_ring[LOG_RING_SIZE];
static uint32_t log_prod;		/* total bytes ever logged */
static uint32_t log_cons_start;		/* first byte kept after a clear */
static bool at_line_start = true;

static char dom0_rx[DOM0_RX_SIZE];
static uint32_t dom0_rx_prod, dom0_rx_cons;
static bool input_to_xen;
static unsigned int switch_presses;

struct debug_key {
	debug_key_fn fn;
	const char *desc;
};
static struct debug_key debug_keys[128];

void console_init(const struct boot_options *opts)
{
	serial_init(&opts->com1);
	console_loglvl = opts->loglvl;
}

static void log_char(char c)
{
	log_ring[log_prod++ & (LOG_RING_SIZE - 1)] = c;
}

static void emit(char c)
{
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
}

/* Writes @s with "(XEN) " at the start of each line. */
static void put_log_text(const char *s)
{
	for (; *s; s++) {
		if (at_line_start) {
			const char *p;

			for (p = "(XEN) "; *p; p++) {
				log_char(*p);
				emit(*p);
			}
			at_line_start = false;
		}
		log_char(*s);
		emit(*s);
		if (*s == '\n')
			at_line_start = true;
	}
}

void vprintk(const char *fmt, va_list ap)
{
	char buf[512];
	unsigned long flags;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	flags = spin_lock_irqsave(&console_lock);
	put_log_text(buf);
	spin_unlock_irqrestore(&console_lock, flags);
}

void printk(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void dprintk(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > console_loglvl)
		return;
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
}

void console_guest_write(const char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	while (len--)
		emit(*buf++);
	spin_unlock_irqrestore(&console_lock, flags);
}

uint32_t console_ring_start(void)
{
	if (log_prod - log_cons_start > LOG_RING_SIZE)
		return log_prod - LOG_RING_SIZE;
	return log_cons_start;
}

size_t console_ring_read(char *buf, size_t len, uint32_t *index)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);
	uint32_t start = console_ring_start();
	size_t n = 0;

	if (*index - start > log_prod - start)	/* outside the kept window */
		*index = start;
	while (n < len && *index != log_prod)
		buf[n++] = log_ring[(*index)++ & (LOG_RING_SIZE - 1)];
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

void console_ring_clear(void)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	log_cons_start = log_prod;
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_force_unlock(void)
{
	spin_unlock(&console_lock);
}

void register_debug_key(unsigned char key, debug_key_fn fn, const char *desc)
{
	if (key < ARRAY_SIZE(debug_keys)) {
		debug_keys[key].fn = fn;
		debug_keys[key].desc = desc;
	}
}

void console_show_debug_keys(void)
{
	unsigned int k;

	printk("'%c' pressed -> showing installed handlers\n", 'h');
	for (k = 0; k < ARRAY_SIZE(debug_keys); k++)
		if (debug_keys[k].fn)
			printk(" key '%c' (ascii '%02x') => %s\n", k, k,
			       debug_keys[k].desc);
}

static void handle_debug_key(unsigned char key)
{
	if (key < ARRAY_SIZE(debug_keys) && debug_keys[key].fn)
		debug_keys[key].fn(key);
	else
		console_show_debug_keys();
}

static void queue_for_dom0(char c)
{
	if (dom0_rx_prod - dom0_rx_cons < DOM0_RX_SIZE)
		dom0_rx[dom0_rx_prod++ & (DOM0_RX_SIZE - 1)] = c;
}

size_t console_peek_for_dom0(char *buf, size_t len)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);
	uint32_t at = dom0_rx_cons;
	size_t n = 0;

	while (n < len && at != dom0_rx_prod)
		buf[n++] = dom0_rx[at++ & (DOM0_RX_SIZE - 1)];
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

void console_consume_for_dom0(size_t n)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);

	dom0_rx_cons += n;
	spin_unlock_irqrestore(&console_lock, flags);
}

static void switch_input(void)
{
	input_to_xen = !input_to_xen;
	printk("*** Serial input to %s (type 'CTRL-a' three times to switch input)\n",
	       input_to_xen ? "Xen" : "DOM0");
}

/*
 * CTRL-a presses are held back until we know whether they make three:
 * a single CTRL-a still reaches dom0 (shells use it).
 */
static void handle_input_char(char c, bool *dom0_got_input)
{
	unsigned long flags;

	if (c == SWITCH_CHAR) {
		if (++switch_presses == SWITCH_PRESSES) {
			switch_presses = 0;
			switch_input();
		}
		return;
	}
	flags = spin_lock_irqsave(&console_lock);
	if (!input_to_xen) {
		for (; switch_presses; switch_presses--)
			queue_for_dom0(SWITCH_CHAR);
		queue_for_dom0(c);
		*dom0_got_input = true;
	}
	spin_unlock_irqrestore(&console_lock, flags);
	switch_presses = 0;
	if (input_to_xen)
		handle_debug_key((unsigned char)c);
}

#define INPUT_POLL_PERIOD	MILLISECS(10)

static struct timer input_poll_timer;

static void poll_input_timer_fn(void *data)
{
	console_poll_input();
	set_timer(&input_poll_timer, NOW() + INPUT_POLL_PERIOD);
}

/* The UART is polled (no IRQ routing yet) from CPU0's timer. */
void console_start_input_polling(void)
{
	init_timer(&input_poll_timer, poll_input_timer_fn, NULL, 0);
	set_timer(&input_poll_timer, NOW() + INPUT_POLL_PERIOD);
}

void console_poll_input(void)
{
	static spinlock_t poll_lock = SPIN_LOCK_UNLOCKED;
	bool dom0_got_input = false;
	int c;

	if (!spin_trylock(&poll_lock))
		return;
	while ((c = serial_getc()) >= 0)
		handle_input_char((char)c, &dom0_got_input);
	spin_unlock(&poll_lock);
	if (dom0_got_input)
		send_dom0_virq(VIRQ_CONSOLE);
}

#define CONSOLE_IO_CHUNK	128
/* xen-core does not preempt hypercalls: bound the work one call can ask. */
#define CONSOLE_IO_MAX_WRITE	(64 * 1024)

static long console_write_from_guest(unsigned long buffer, unsigned long count)
{
	char chunk[CONSOLE_IO_CHUNK];
	unsigned long done = 0;

	if (count > CONSOLE_IO_MAX_WRITE)
		return -E2BIG;
	while (done < count) {
		size_t n = MIN(count - done, sizeof(chunk));

		if (copy_from_guest(chunk, buffer + done, n))
			return -EFAULT;
		console_guest_write(chunk, n);
		done += n;
	}
	return 0;
}

/* Input is only consumed once it reached the guest: a bad buffer loses none. */
static long console_read_to_guest(unsigned long buffer, unsigned long count)
{
	char chunk[CONSOLE_IO_CHUNK];
	size_t n = console_peek_for_dom0(chunk, MIN(count, sizeof(chunk)));

	if (n && copy_to_guest(buffer, chunk, n))
		return -EFAULT;
	console_consume_for_dom0(n);
	return (long)n;
}

/* The control domain's console is the serial line, shared with xen-core. */
long do_console_io(int cmd, unsigned long count, unsigned long buffer)
{
	if (!current->domain->is_privileged)
		return -EPERM;
	switch (cmd) {
	case CONSOLEIO_write:
		return console_write_from_guest(buffer, count);
	case CONSOLEIO_read:
		return console_read_to_guest(buffer, count);
	}
	return hypercall_unimplemented(__HYPERVISOR_console_io, cmd);
}

void do_panic(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	local_irq_disable();
	printk("\n****************************************\n");
	printk("Panic at %s:%d:\n", file, line);
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\n****************************************\n");
	machine_halt_or_reboot();
}
