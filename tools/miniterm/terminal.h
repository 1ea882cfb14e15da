/*
 * The user's terminal: raw mode while connected, restored on the way out.
 */
#ifndef MINITERM_TERMINAL_H
#define MINITERM_TERMINAL_H

#include <termios.h>

struct terminal {
	int fd;
	int raw;		/* set raw by terminal_raw(), to restore */
	struct termios saved;
};

/*
 * If 'fd' is a terminal, save its settings and make it raw, so every key
 * (CTRL-C included) goes to the device.  Anything else is left alone.
 * Returns 0, or -1 with errno set.
 */
int terminal_raw(struct terminal *term, int fd);

/* Put back what terminal_raw() changed; safe to call more than once. */
void terminal_restore(struct terminal *term);

#endif
