/*
 * Console for the initial domain, over HYPERVISOR_console_io.
 */
#include <minios/console.h>
#include <minios/events.h>
#include <minios/hypercall.h>
#include <minios/kernel.h>
#include <minios/sched.h>

#define INPUT_SIZE 1024		/* power of two */

static char input[INPUT_SIZE];
static unsigned int input_prod, input_cons;	/* free-running indexes */
static struct waitqueue input_wait;

void console_write(const char *buf, size_t len)
{
	while (len) {
		unsigned int chunk = len > 4096 ? 4096 : len;

		if (HYPERVISOR_console_io(CONSOLEIO_write, chunk,
					  (void *)buf) < 0)
			return;	/* nowhere left to report it */
		buf += chunk;
		len -= chunk;
	}
}

/* VIRQ_CONSOLE handler: drain Xen's receive buffer into ours. */
static void console_input_event(evtchn_port_t port, void *data)
{
	char tmp[64];
	long n;

	(void)port;
	(void)data;
	while ((n = HYPERVISOR_console_io(CONSOLEIO_read, sizeof(tmp),
					  tmp)) > 0) {
		for (long i = 0; i < n; i++) {
			if (input_prod - input_cons == INPUT_SIZE)
				break;	/* full: drop, as a UART would */
			input[input_prod++ & (INPUT_SIZE - 1)] = tmp[i];
		}
	}
	wake_up(&input_wait);
}

void console_init(void)
{
	int port = bind_virq(VIRQ_CONSOLE, console_input_event, NULL);

	if (port < 0)
		printk("console: cannot bind VIRQ_CONSOLE (%d), no input\n",
		       port);
	/* Bytes may have arrived before we were listening. */
	console_input_event(0, NULL);
}

size_t console_read_unless(char *buf, size_t len, const volatile bool *hangup)
{
	size_t n = 0;

	wait_event(&input_wait, input_prod != input_cons || *hangup);
	while (n < len && input_cons != input_prod && !*hangup)
		buf[n++] = input[input_cons++ & (INPUT_SIZE - 1)];
	return n;
}

size_t console_read(char *buf, size_t len)
{
	static const bool never;

	return console_read_unless(buf, len, &never);
}

void console_wake_readers(void)
{
	wake_up(&input_wait);
}
