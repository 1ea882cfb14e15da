/*
 * xl console <name|id>: show the guest's recent output, then connect
 * our console to it until CTRL-] (as xl's xenconsole client).
 */
#include <stdio.h>
#include <minios/console.h>
#include <minios/sched.h>
#include "console/backend.h"
#include "domains/domains.h"
#include "xl.h"

#define DETACH_KEY 0x1d	/* CTRL-] */
#define FULL_RING_RETRIES 100

/* The guest an `xl console` session is attached to, if any. */
static struct domain_record *attached;
static volatile bool hangup;
static struct waitqueue session_end;

/* Queue input for the guest; a guest that stops reading loses it. */
static int send_input(struct domain_record *d, const char *buf, size_t len)
{
	int tries = 0;

	while (len) {
		int n = console_backend_input(d->console, buf, len);

		if (n < 0)
			return -1;
		if (n == 0 && ++tries > FULL_RING_RETRIES)
			return 0;
		if (n == 0)
			msleep(10);
		buf += n;
		len -= n;
	}
	return 0;
}

int xl_console_session(struct domain_record *d)
{
	char buf[64];
	ssize_t n;

	fflush(stdout);
	console_backend_connect(d->console);
	attached = d;
	hangup = false;
	while ((n = console_read_unless(buf, sizeof(buf), &hangup)) > 0) {
		ssize_t keep = 0;

		while (keep < n && buf[keep] != DETACH_KEY)
			keep++;
		if (send_input(d, buf, keep) < 0) {
			fprintf(stderr, "xl console: the console of '%s' is "
				"closed\n", d->name);
			break;
		}
		if (keep < n)
			break;
	}
	console_backend_release(d->console);
	attached = NULL;
	wake_up(&session_end);
	return 0;
}

void xl_console_hangup(struct domain_record *d)
{
	if (attached != d)
		return;
	hangup = true;
	console_wake_readers();
	wait_event(&session_end, attached != d);
}

int xl_console(int argc, char **argv)
{
	struct domain_record *d;

	if (argc != 2) {
		fprintf(stderr, "usage: xl console <Domain>\n");
		return 2;
	}
	d = domains_find(argv[1]);
	if (!d) {
		fprintf(stderr, "xl console: no domain '%s' with a console\n",
			argv[1]);
		return 1;
	}
	return xl_console_session(d);
}
