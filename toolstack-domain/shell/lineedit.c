/*
 * Serial-console line editing with history.
 */
#include <string.h>
#include "lineedit.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 0x1b
#define DEL 0x7f

static void echo_str(struct lineedit *le, const char *s)
{
	le->echo(s, strlen(s), le->ctx);
}

void lineedit_init(struct lineedit *le, const char *prompt,
		   void (*echo)(const char *s, size_t len, void *ctx),
		   void *ctx)
{
	memset(le, 0, sizeof(*le));
	le->prompt = prompt;
	le->echo = echo;
	le->ctx = ctx;
}

void lineedit_start(struct lineedit *le)
{
	le->len = 0;
	le->line[0] = '\0';
	le->escape = 0;
	le->browse = 0;
	echo_str(le, le->prompt);
}

const char *lineedit_line(const struct lineedit *le)
{
	return le->line;
}

/* Replace the whole line on screen and in the buffer. */
static void replace_line(struct lineedit *le, const char *text)
{
	strncpy(le->line, text, LINE_MAX_LEN - 1);
	le->line[LINE_MAX_LEN - 1] = '\0';
	le->len = strlen(le->line);
	echo_str(le, "\r");
	echo_str(le, le->prompt);
	echo_str(le, le->line);
	echo_str(le, "\x1b[K");	/* erase what the old line left */
}

static const char *history_entry(const struct lineedit *le, unsigned int back)
{
	return le->history[(le->history_count - back) % HISTORY_LEN];
}

static void history_move(struct lineedit *le, int older)
{
	unsigned int available = le->history_count < HISTORY_LEN
					 ? le->history_count : HISTORY_LEN;

	if (older && le->browse < available) {
		if (le->browse == 0)
			memcpy(le->draft, le->line, LINE_MAX_LEN);
		le->browse++;
		replace_line(le, history_entry(le, le->browse));
	} else if (!older && le->browse > 0) {
		le->browse--;
		replace_line(le, le->browse ? history_entry(le, le->browse)
					    : le->draft);
	}
}

static void history_add(struct lineedit *le)
{
	const char *p = le->line;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p)
		return;
	if (le->history_count && !strcmp(history_entry(le, 1), le->line))
		return;	/* don't repeat the newest entry */
	memcpy(le->history[le->history_count % HISTORY_LEN], le->line,
	       LINE_MAX_LEN);
	le->history_count++;
}

/* ESC [ A (up) / ESC [ B (down), also ESC O A/B; others are ignored. */
static void feed_escape(struct lineedit *le, char c)
{
	if (le->escape == 1) {
		le->escape = (c == '[' || c == 'O') ? 2 : 0;
		return;
	}
	if ((c >= '0' && c <= '9') || c == ';')
		return;	/* parameters of sequences we ignore */
	le->escape = 0;
	if (c == 'A')
		history_move(le, 1);
	else if (c == 'B')
		history_move(le, 0);
}

static void erase_chars(struct lineedit *le, size_t n)
{
	while (n-- && le->len) {
		le->len--;
		echo_str(le, "\b \b");
	}
	le->line[le->len] = '\0';
}

enum lineedit_result lineedit_feed(struct lineedit *le, char c)
{
	int was_cr = le->last_was_cr;

	le->last_was_cr = (c == '\r');
	if (le->escape) {
		feed_escape(le, c);
		return LINEEDIT_MORE;
	}
	switch (c) {
	case '\n':
		if (was_cr)
			return LINEEDIT_MORE;
		/* fall through */
	case '\r':
		echo_str(le, "\n");
		history_add(le);
		return LINEEDIT_DONE;
	case '\b':
	case DEL:
		erase_chars(le, 1);
		break;
	case CTRL('U'):
		erase_chars(le, le->len);
		break;
	case CTRL('C'):
		echo_str(le, "^C\n");
		lineedit_start(le);
		break;
	case ESC:
		le->escape = 1;
		break;
	default:
		if ((unsigned char)c >= ' ' && le->len < LINE_MAX_LEN - 1) {
			le->line[le->len++] = c;
			le->line[le->len] = '\0';
			le->echo(&c, 1, le->ctx);
		}
	}
	return LINEEDIT_MORE;
}
