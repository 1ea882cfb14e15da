/*
 * miniterm: a minimal serial terminal.
 *
 *	miniterm [-b BAUD] [-e ESCAPE] DEVICE
 *
 * Connects the user's terminal (or whatever stdin and stdout are) to a
 * serial device or pseudo-terminal until the escape character is typed,
 * stdin ends, or the device goes away.  See docs/miniterm.md.
 *
 * The default escape is CTRL-^ (0x1e): terminals send it raw (CTRL-6 or
 * CTRL-SHIFT-6), and it is neither CTRL-] (which detaches `xl console`
 * inside the session), CTRL-a (xen-core's console switch, CTRL-a three
 * times) nor CTRL-\ (QEMU's escape in `make run`).
 */
#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "relay.h"
#include "serial.h"
#include "terminal.h"

#define DEFAULT_BAUD	"115200"
#define DEFAULT_ESCAPE	0x1e		/* CTRL-^ */
#define EXIT_USAGE	2

/* Signals that end the session, restoring the terminal first. */
static const int session_signals[] = { SIGHUP, SIGINT, SIGQUIT, SIGTERM };
#define NR_SESSION_SIGNALS \
	(sizeof(session_signals) / sizeof(session_signals[0]))

static volatile sig_atomic_t caught_signal;

static void note_signal(int sig)
{
	caught_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: miniterm [-b BAUD] [-e ESCAPE] DEVICE\n"
		"  -b BAUD    line speed (default " DEFAULT_BAUD ")\n"
		"  -e ESCAPE  the key that leaves: ^X for CTRL-X, or one "
		"character\n"
		"             (default ^^, that is CTRL-^)\n");
}

/* "^X" (CTRL-X, "^?" for DEL) or a single character. */
static int parse_escape(const char *text, unsigned char *escape)
{
	int c;

	if (text[0] && !text[1]) {
		*escape = (unsigned char)text[0];
		return 0;
	}
	if (text[0] != '^' || !text[1] || text[2])
		return -1;
	c = toupper((unsigned char)text[1]);
	if (c == '?')
		*escape = 0x7f;
	else if (c >= '@' && c <= '_')
		*escape = (unsigned char)(c & 0x1f);
	else
		return -1;
	return 0;
}

/* How to name the escape key to the user: "CTRL-^" or "'q'". */
static void describe_escape(unsigned char escape, char *buf, size_t size)
{
	if (escape < 0x20 || escape == 0x7f)
		snprintf(buf, size, "CTRL-%c", escape ^ 0x40);
	else
		snprintf(buf, size, "'%c'", escape);
}

/*
 * Block the session signals, catching them, and give the mask under
 * which the relay waits: they end the session only there, so it can
 * always restore the terminal.
 */
static void catch_session_signals(sigset_t *wait_mask)
{
	struct sigaction action = { .sa_handler = note_signal };
	sigset_t block;

	sigemptyset(&block);
	for (size_t i = 0; i < NR_SESSION_SIGNALS; i++) {
		sigaddset(&block, session_signals[i]);
		sigaction(session_signals[i], &action, NULL);
	}
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	for (size_t i = 0; i < NR_SESSION_SIGNALS; i++)
		sigdelset(wait_mask, session_signals[i]);
	/* A closed stdout is an error to report, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
}

/* Tell how the session ended; returns the exit status. */
static int report_end(enum relay_end end, int err, const char *device,
		      int interactive)
{
	switch (end) {
	case RELAY_ESCAPE:
		if (interactive)
			fprintf(stderr, "\nminiterm: disconnected\n");
		return 0;
	case RELAY_INPUT_EOF:
		return 0;
	case RELAY_HANGUP:
		fprintf(stderr, "\nminiterm: %s: connection closed\n", device);
		return 1;
	case RELAY_SIGNAL:
		return 128 + caught_signal;
	case RELAY_USER_ERROR:
		fprintf(stderr, "miniterm: terminal: %s\n", strerror(err));
		return 1;
	case RELAY_DEVICE_ERROR:
		fprintf(stderr, "miniterm: %s: %s\n", device, strerror(err));
		return 1;
	}
	return 1;
}

int main(int argc, char **argv)
{
	const char *baud = DEFAULT_BAUD, *device;
	struct relay relay = { .input = STDIN_FILENO, .output = STDOUT_FILENO,
			       .escape = DEFAULT_ESCAPE };
	struct terminal term;
	enum relay_end end;
	char key_name[16];
	speed_t speed;
	int opt, err, interactive;

	while ((opt = getopt(argc, argv, "b:e:h")) != -1) {
		switch (opt) {
		case 'b':
			baud = optarg;
			break;
		case 'e':
			if (parse_escape(optarg, &relay.escape)) {
				fprintf(stderr, "miniterm: bad escape '%s': "
					"give ^X or a single character\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	device = argv[optind];
	if (serial_speed(baud, &speed)) {
		fprintf(stderr, "miniterm: unsupported baud rate '%s'; "
			"supported:\n  ", baud);
		serial_list_speeds(stderr);
		return EXIT_USAGE;
	}

	relay.device = serial_open(device, speed);
	if (relay.device < 0) {
		fprintf(stderr, "miniterm: %s: %s\n", device, strerror(errno));
		return 1;
	}
	catch_session_signals(&relay.wait_mask);
	if (terminal_raw(&term, STDIN_FILENO)) {
		fprintf(stderr, "miniterm: terminal: %s\n", strerror(errno));
		return 1;
	}
	interactive = term.raw;
	if (interactive) {
		describe_escape(relay.escape, key_name, sizeof(key_name));
		fprintf(stderr, "miniterm: connected to %s at %s baud; "
			"%s leaves\r\n", device, baud, key_name);
	}

	end = relay_run(&relay);
	err = errno;
	terminal_restore(&term);
	return report_end(end, err, device, interactive);
}
