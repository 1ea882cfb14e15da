/*
 * The syntax of xl.cfg(5) files:
 *
 *	file      = { [ key "=" value ] [ "#" comment ] ( "\n" | ";" ) }
 *	key       = [A-Za-z_][A-Za-z0-9_]*
 *	value     = number | string | list
 *	number    = decimal | 0octal | 0xhex
 *	string    = '...' | "..."  (one line; \\ \' \" \n \t \r escapes)
 *	list      = "[" [ value { "," value } [ "," ] ] "]"
 *
 * Inside a list, newlines and comments may appear between the tokens.
 * The first syntax error ends the parse, as it does in xl.
 */
#include <string.h>

#include "internal.h"

/* Deeper nesting than any real config, and a bound on the recursion. */
#define MAX_LIST_DEPTH 8

struct cursor {
	struct xlcfg_ctx *ctx;
	const char *p, *end;
	unsigned int line;
	bool failed;
};

static bool syntax_error(struct cursor *c, const char *what)
{
	if (!c->failed)
		xlcfg_error(c->ctx, c->line, "syntax error: %s", what);
	c->failed = true;
	return false;
}

static int peek(const struct cursor *c)
{
	return c->p < c->end ? (unsigned char)*c->p : -1;
}

static bool is_ident_start(int ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       ch == '_';
}

static bool is_ident(int ch)
{
	return is_ident_start(ch) || (ch >= '0' && ch <= '9');
}

/* Blanks and a comment up to (not over) the end of the line. */
static void skip_blanks(struct cursor *c)
{
	while (peek(c) == ' ' || peek(c) == '\t' || peek(c) == '\r')
		c->p++;
	if (peek(c) == '#')
		while (c->p < c->end && *c->p != '\n')
			c->p++;
}

/* Inside a list: blanks, comments and newlines. */
static void skip_space(struct cursor *c)
{
	for (skip_blanks(c); peek(c) == '\n'; skip_blanks(c)) {
		c->p++;
		c->line++;
	}
}

static const char *escaped(int ch)
{
	switch (ch) {
	case 'n': return "\n";
	case 't': return "\t";
	case 'r': return "\r";
	case '\\': return "\\";
	case '\'': return "'";
	case '"': return "\"";
	default: return NULL;
	}
}

/* A quoted string; its text, unescaped, into a new atom. */
static bool read_string(struct cursor *c, struct xlcfg_value *v)
{
	char quote = *c->p++;
	const char *start = c->p;
	char *out;
	size_t n = 0;

	while (c->p < c->end && *c->p != quote && *c->p != '\n')
		c->p += (*c->p == '\\' && c->p + 1 < c->end) ? 2 : 1;
	if (peek(c) != quote)
		return syntax_error(c, "unterminated string");
	out = xlcfg_alloc(c->ctx, (size_t)(c->p - start) + 1);
	if (!out)
		return false;
	for (const char *s = start; s < c->p; s++) {
		if (*s == '\0')
			return syntax_error(c, "NUL byte in a string");
		if (*s == '\\') {
			const char *e = escaped((unsigned char)*++s);

			if (!e)
				return syntax_error(c, "unknown escape in a"
						    " string");
			out[n++] = *e;
		} else {
			out[n++] = *s;
		}
	}
	c->p++;
	v->atom = out;
	v->quoted = true;
	return true;
}

static bool read_number(struct cursor *c, struct xlcfg_value *v)
{
	const char *start = c->p;
	uint64_t unused;
	char *text;

	while (is_ident(peek(c)))
		c->p++;
	text = xlcfg_strndup(c->ctx, start, (size_t)(c->p - start));
	if (!text)
		return false;
	if (!xlcfg_parse_u64(text, &unused))
		return syntax_error(c, "bad number");
	v->atom = text;
	return true;
}

static struct xlcfg_value *read_value(struct cursor *c, int depth);

static bool read_list(struct cursor *c, struct xlcfg_value *list, int depth)
{
	if (depth >= MAX_LIST_DEPTH)
		return syntax_error(c, "lists nested too deeply");
	c->p++;
	list->is_list = true;
	for (;;) {
		struct xlcfg_value *item, **items;

		skip_space(c);
		if (peek(c) == ']')
			break;
		item = read_value(c, depth + 1);
		if (!item)
			return false;
		items = xlcfg_append(c->ctx, list->items, &list->nr_items,
				     sizeof(*items));
		if (!items)
			return false;
		list->items = items;
		items[list->nr_items - 1] = item;
		skip_space(c);
		if (peek(c) == ',')
			c->p++;
		else if (peek(c) != ']')
			return syntax_error(c, "expected ',' or ']' in a list");
	}
	c->p++;
	return true;
}

static struct xlcfg_value *read_value(struct cursor *c, int depth)
{
	struct xlcfg_value *v = xlcfg_alloc(c->ctx, sizeof(*v));
	int ch = peek(c);
	bool ok;

	if (!v)
		return NULL;
	v->line = c->line;
	if (ch == '"' || ch == '\'')
		ok = read_string(c, v);
	else if (ch >= '0' && ch <= '9')
		ok = read_number(c, v);
	else if (ch == '[')
		ok = read_list(c, v, depth);
	else
		ok = syntax_error(c, "expected a value (a number, a string"
				  " or a list)");
	return ok ? v : NULL;
}

/* Record key = value; a key seen before takes the new value. */
static bool store(struct cursor *c, const char *key, size_t key_len,
		  unsigned int line, const struct xlcfg_value *value)
{
	struct xl_config *config = c->ctx->config;
	struct xlcfg_setting *settings;

	for (size_t i = 0; i < config->nr_settings; i++) {
		struct xlcfg_setting *s = &config->settings[i];

		if (strlen(s->key) == key_len && !memcmp(s->key, key, key_len)) {
			s->value = value;
			s->line = line;
			return true;
		}
	}
	settings = xlcfg_append(c->ctx, config->settings,
				&config->nr_settings, sizeof(*settings));
	if (!settings)
		return false;
	config->settings = settings;
	settings[config->nr_settings - 1] = (struct xlcfg_setting){
		.key = xlcfg_strndup(c->ctx, key, key_len),
		.value = value, .line = line,
	};
	return settings[config->nr_settings - 1].key != NULL;
}

static bool read_setting(struct cursor *c)
{
	const char *key = c->p;
	unsigned int line = c->line;
	const struct xlcfg_value *value;
	size_t key_len;

	if (!is_ident_start(peek(c)))
		return syntax_error(c, "expected a key");
	while (is_ident(peek(c)))
		c->p++;
	key_len = (size_t)(c->p - key);
	skip_blanks(c);
	if (peek(c) != '=')
		return syntax_error(c, "expected '=' after the key");
	c->p++;
	skip_blanks(c);
	value = read_value(c, 0);
	return value && store(c, key, key_len, line, value);
}

/* After a setting: the end of the line, a ';' or the end of the file. */
static bool end_statement(struct cursor *c)
{
	skip_blanks(c);
	if (peek(c) == ';' || peek(c) == '\n') {
		c->line += *c->p++ == '\n';
		return true;
	}
	if (peek(c) == -1)
		return true;
	return syntax_error(c, "expected the end of the line after the value");
}

bool xlcfg_read_settings(struct xlcfg_ctx *ctx, const char *text,
			 size_t len)
{
	struct cursor c = { .ctx = ctx, .p = text, .end = text + len,
			    .line = 1 };

	while (!c.failed && !ctx->out_of_memory) {
		skip_blanks(&c);
		if (peek(&c) == -1)
			break;
		if (peek(&c) == '\n' || peek(&c) == ';') {
			c.line += *c.p++ == '\n';
			continue;
		}
		if (read_setting(&c))
			end_statement(&c);
	}
	return !c.failed && !ctx->out_of_memory;
}
