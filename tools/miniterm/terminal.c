/*
 * The user's terminal: raw mode while connected, restored on the way out.
 */
#include <unistd.h>
#include "terminal.h"

int terminal_raw(struct terminal *term, int fd)
{
	struct termios raw;

	term->fd = fd;
	term->raw = 0;
	if (!isatty(fd))
		return 0;
	if (tcgetattr(fd, &term->saved))
		return -1;
	raw = term->saved;
	cfmakeraw(&raw);
	if (tcsetattr(fd, TCSAFLUSH, &raw))
		return -1;
	term->raw = 1;
	return 0;
}

void terminal_restore(struct terminal *term)
{
	if (!term->raw)
		return;
	tcsetattr(term->fd, TCSADRAIN, &term->saved);
	term->raw = 0;
}
