/*
 * Host-side test of the console line editor.
 */
#include <stdio.h>
#include <string.h>
#include "check.h"
#include "../../toolstack-domain/shell/lineedit.h"

static char screen[4096];
static size_t screen_len;


static void capture(const char *s, size_t len, void *ctx)
{
	(void)ctx;
	if (screen_len + len < sizeof(screen)) {
		memcpy(screen + screen_len, s, len);
		screen_len += len;
		screen[screen_len] = '\0';
	}
}

/* Feed 'keys'; return the last finished line or NULL if none completed. */
static const char *type(struct lineedit *le, const char *keys)
{
	static char done[LINE_MAX_LEN];
	int completed = 0;

	for (; *keys; keys++)
		if (lineedit_feed(le, *keys) == LINEEDIT_DONE) {
			strcpy(done, lineedit_line(le));
			completed = 1;
			if (keys[1])
				lineedit_start(le);
		}
	return completed ? done : NULL;
}

int main(int argc, char **argv)
{
	static struct lineedit le;
	const char *line;

	lineedit_init(&le, "# ", capture, NULL);
	lineedit_start(&le);
	CHECK(!strcmp(screen, "# "));

	line = type(&le, "xl info\r");
	CHECK(line && !strcmp(line, "xl info"));

	lineedit_start(&le);
	line = type(&le, "helq\x7fp\r");		/* DEL as backspace */
	CHECK(line && !strcmp(line, "help"));

	lineedit_start(&le);
	line = type(&le, "abc\b\b\bup\r\n");	/* BS, and CR LF is one Enter */
	CHECK(line && !strcmp(line, "up"));
	CHECK(lineedit_feed(&le, 'x') == LINEEDIT_MORE);	/* LF swallowed */

	lineedit_start(&le);
	line = type(&le, "\x1b[A\r");			/* up: newest entry */
	CHECK(line && !strcmp(line, "up"));

	lineedit_start(&le);
	line = type(&le, "\x1b[A\x1b[A\x1b[A\r");	/* three back */
	CHECK(line && !strcmp(line, "xl info"));

	lineedit_start(&le);
	line = type(&le, "draft\x1b[A\x1b[B\r");	/* down restores draft */
	CHECK(line && !strcmp(line, "draft"));

	lineedit_start(&le);
	line = type(&le, "\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\x1b[A\r");
	CHECK(line && !strcmp(line, "xl info"));	/* stops at oldest */

	lineedit_start(&le);
	line = type(&le, "garbage\x15ok\r");		/* Ctrl-U */
	CHECK(line && !strcmp(line, "ok"));

	lineedit_start(&le);
	CHECK(type(&le, "half\x03") == NULL);		/* Ctrl-C abandons */
	line = type(&le, "x\r");
	CHECK(line && !strcmp(line, "x"));

	lineedit_start(&le);
	line = type(&le, "\x1b[C\x1b[1;5Dq\r");	/* unknown sequences ignored */
	CHECK(line && !strcmp(line, "q"));

	lineedit_start(&le);
	line = type(&le, "   \r");			/* blank: not in history */
	CHECK(line && !strcmp(line, "   "));
	lineedit_start(&le);
	line = type(&le, "\x1b[A\r");
	CHECK(line && !strcmp(line, "q"));

	lineedit_start(&le);
	for (int i = 0; i < 2 * LINE_MAX_LEN; i++)
		lineedit_feed(&le, 'z');			/* overlong input */
	line = type(&le, "\r");
	CHECK(line && strlen(line) == LINE_MAX_LEN - 1);

	(void)argc;
	return check_summary(argv[0]);
}
