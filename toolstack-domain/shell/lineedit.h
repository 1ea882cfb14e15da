/*
 * Line editor for the serial console: printable input, backspace,
 * Ctrl-U (erase line), Ctrl-C (abandon line), up/down through history.
 * It is fed one byte at a time and echoes through a callback, so the
 * same code runs on the console and in host unit tests.
 */
#ifndef TOOLSTACK_LINEEDIT_H
#define TOOLSTACK_LINEEDIT_H

#include <stddef.h>

#define LINE_MAX_LEN 256
#define HISTORY_LEN 32

enum lineedit_result {
	LINEEDIT_MORE,		/* keep feeding bytes */
	LINEEDIT_DONE,		/* line complete: lineedit_line() */
};

struct lineedit {
	const char *prompt;
	void (*echo)(const char *s, size_t len, void *ctx);
	void *ctx;

	char line[LINE_MAX_LEN];
	size_t len;
	int escape;		/* position in an ESC [ x sequence */
	int last_was_cr;	/* swallow the LF of a CR LF pair */

	char history[HISTORY_LEN][LINE_MAX_LEN];
	unsigned int history_count;	/* lines ever added */
	unsigned int browse;		/* lines back from newest, 0 = editing */
	char draft[LINE_MAX_LEN];	/* the edited line while browsing */
};

void lineedit_init(struct lineedit *le, const char *prompt,
		   void (*echo)(const char *s, size_t len, void *ctx),
		   void *ctx);

/* Print the prompt and start an empty line. */
void lineedit_start(struct lineedit *le);

enum lineedit_result lineedit_feed(struct lineedit *le, char c);

/* The finished line (NUL-terminated), valid until the next start. */
const char *lineedit_line(const struct lineedit *le);

#endif
