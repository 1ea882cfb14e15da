/*
 * Copying bytes between the user and the device until the user leaves.
 */
#ifndef MINITERM_RELAY_H
#define MINITERM_RELAY_H

#include <signal.h>

struct relay {
	int input;		/* the user's keys: read, watched for escape */
	int output;		/* the user's screen */
	int device;		/* the serial line */
	unsigned char escape;	/* leaves the session, never sent */
	sigset_t wait_mask;	/* signal mask while waiting: the caller
				   blocks the signals that end the session
				   and leaves them out of this mask */
};

enum relay_end {
	RELAY_ESCAPE,		/* the user typed the escape character */
	RELAY_INPUT_EOF,	/* input ended; all of it was sent */
	RELAY_HANGUP,		/* the device went away (e.g. QEMU exited) */
	RELAY_SIGNAL,		/* a signal arrived while waiting */
	RELAY_USER_ERROR,	/* reading input or writing output failed */
	RELAY_DEVICE_ERROR,	/* reading or writing the device failed */
};

/*
 * Relay both ways until the session ends.  After input EOF the device's
 * output is still copied until it has been quiet for a moment (or for at
 * most a few seconds), so that replies to the last bytes sent are not
 * lost.  For the two error ends, errno says why.
 */
enum relay_end relay_run(const struct relay *relay);

#endif
