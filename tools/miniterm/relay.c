/*
 * Copying bytes between the user and the device until the user leaves.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "relay.h"

#define RELAY_BUF_SIZE	4096
#define DRAIN_QUIET_MS	200	/* after input EOF: device idle this long */
#define DRAIN_MAX_MS	3000	/* ... or this much in all */

/* Not an end: the session goes on. */
#define RELAY_GOING	(-1)

static int write_all(int fd, const unsigned char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static int is_transient(int err)
{
	return err == EINTR || err == EAGAIN;
}

static int from_device(const struct relay *relay)
{
	unsigned char buf[RELAY_BUF_SIZE];
	ssize_t n = read(relay->device, buf, sizeof(buf));

	/* A pseudo-terminal whose other side closed reads EIO. */
	if (n == 0 || (n < 0 && errno == EIO))
		return RELAY_HANGUP;
	if (n < 0)
		return is_transient(errno) ? RELAY_GOING : RELAY_DEVICE_ERROR;
	if (write_all(relay->output, buf, (size_t)n))
		return RELAY_USER_ERROR;
	return RELAY_GOING;
}

static int from_input(const struct relay *relay)
{
	unsigned char buf[RELAY_BUF_SIZE], *escape;
	ssize_t n = read(relay->input, buf, sizeof(buf));
	size_t len;

	if (n == 0)
		return RELAY_INPUT_EOF;
	if (n < 0)
		return is_transient(errno) ? RELAY_GOING : RELAY_USER_ERROR;
	escape = memchr(buf, relay->escape, (size_t)n);
	len = escape ? (size_t)(escape - buf) : (size_t)n;
	if (write_all(relay->device, buf, len))
		return RELAY_DEVICE_ERROR;
	return escape ? RELAY_ESCAPE : RELAY_GOING;
}

static long elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) * 1000 +
	       (now.tv_nsec - since->tv_nsec) / 1000000;
}

/* Input has ended: let the device take what was sent, and answer. */
static int drain(const struct relay *relay)
{
	const struct timespec quiet = { 0, DRAIN_QUIET_MS * 1000000L };
	struct pollfd device = { .fd = relay->device, .events = POLLIN };
	struct timespec start;
	int end = RELAY_GOING, ready;

	tcdrain(relay->device);
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (end == RELAY_GOING && elapsed_ms(&start) < DRAIN_MAX_MS) {
		ready = ppoll(&device, 1, &quiet, &relay->wait_mask);
		if (ready < 0)
			return errno == EINTR ? RELAY_SIGNAL : RELAY_DEVICE_ERROR;
		if (ready == 0)
			break;
		end = from_device(relay);
	}
	/* The device going away after our input ended is no failure. */
	return end == RELAY_GOING || end == RELAY_HANGUP ? RELAY_INPUT_EOF : end;
}

enum relay_end relay_run(const struct relay *relay)
{
	struct pollfd fds[] = {
		{ .fd = relay->device, .events = POLLIN },
		{ .fd = relay->input, .events = POLLIN },
	};
	int end = RELAY_GOING;

	while (end == RELAY_GOING) {
		if (ppoll(fds, 2, NULL, &relay->wait_mask) < 0)
			return errno == EINTR ? RELAY_SIGNAL : RELAY_DEVICE_ERROR;
		if (fds[0].revents)
			end = from_device(relay);
		if (end == RELAY_GOING && fds[1].revents)
			end = from_input(relay);
	}
	return end == RELAY_INPUT_EOF ? drain(relay) : end;
}
