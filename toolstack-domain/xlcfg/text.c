/*
 * Small lexical pieces shared by the keys and the device specs: numbers
 * in C's three bases, MAC addresses, UUIDs, and the comma-separated
 * "key=value,flag,positional" spec strings.
 */
#include <string.h>

#include "internal.h"

int xlcfg_hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

bool xlcfg_parse_u64(const char *s, uint64_t *value)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && s[2]) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
		s++;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = xlcfg_hex_digit((unsigned char)*s);

		if (d < 0 || (unsigned int)d >= base ||
		    v > (UINT64_MAX - (unsigned int)d) / base)
			return false;
		v = v * base + d;
	}
	*value = v;
	return true;
}

/* Two hex digits at s: the byte, or -1. */
static int hex_byte(const char *s)
{
	int hi = xlcfg_hex_digit((unsigned char)s[0]);
	int lo = hi < 0 ? -1 : xlcfg_hex_digit((unsigned char)s[1]);

	return lo < 0 ? -1 : hi << 4 | lo;
}

bool xlcfg_parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		int byte = hex_byte(s);

		if (byte < 0 || s[2] != (i < 5 ? ':' : '\0'))
			return false;
		mac[i] = (uint8_t)byte;
		s += 3;
	}
	return true;
}

bool xlcfg_parse_uuid(const char *s, uint8_t uuid[16])
{
	for (int i = 0; i < 16; i++) {
		int byte;

		if ((i == 4 || i == 6 || i == 8 || i == 10) && *s++ != '-')
			return false;
		byte = hex_byte(s);
		if (byte < 0)
			return false;
		uuid[i] = (uint8_t)byte;
		s += 2;
	}
	return *s == '\0';
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static void trim(const char **s, size_t *len)
{
	while (*len && is_space((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && is_space((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

bool spec_next(const char **pos, struct spec_param *param)
{
	const char *item = *pos, *comma, *eq;
	size_t len;

	if (!item)
		return false;
	comma = strchr(item, ',');
	len = comma ? (size_t)(comma - item) : strlen(item);
	*pos = comma ? comma + 1 : NULL;

	eq = memchr(item, '=', len);
	param->key = item;
	param->key_len = eq ? (size_t)(eq - item) : len;
	param->value = eq ? eq + 1 : NULL;
	param->value_len = eq ? len - param->key_len - 1 : 0;
	trim(&param->key, &param->key_len);
	if (eq)
		trim(&param->value, &param->value_len);
	return true;
}

bool spec_key_is(const struct spec_param *param, const char *key)
{
	return strlen(key) == param->key_len &&
	       !memcmp(param->key, key, param->key_len);
}

const char *spec_value(struct xlcfg_ctx *ctx, const struct spec_param *param)
{
	if (param->value)
		return xlcfg_strndup(ctx, param->value, param->value_len);
	return xlcfg_strndup(ctx, param->key, param->key_len);
}

static bool set_number(struct xlcfg_ctx *ctx, unsigned int line,
		       const char *what, const struct spec_field *f,
		       void *field, const char *text)
{
	uint64_t v;

	if (!xlcfg_parse_u64(text, &v)) {
		xlcfg_error(ctx, line, "%s: %s: expected a number", what,
			    f->key);
		return false;
	}
	if (f->type == SPEC_BOOL) {
		*(bool *)field = v != 0;
		return true;
	}
	if (v > f->max) {
		xlcfg_error(ctx, line, "%s: %s: %s is over %u", what, f->key,
			    text, f->max);
		return false;
	}
	if (f->type == SPEC_INT)
		*(int *)field = (int)v;
	else
		*(unsigned int *)field = (unsigned int)v;
	return true;
}

int spec_set_field(struct xlcfg_ctx *ctx, unsigned int line, const char *what,
		   const struct spec_field *fields, size_t nr_fields,
		   void *object, const struct spec_param *param)
{
	for (size_t i = 0; i < nr_fields; i++) {
		const struct spec_field *f = &fields[i];
		void *field = (char *)object + f->offset;
		const char *text;

		if (!spec_key_is(param, f->key))
			continue;
		text = spec_value(ctx, param);
		if (!text)
			return -1;
		if (f->type == SPEC_STRING) {
			*(const char **)field = text;
			return 1;
		}
		return set_number(ctx, line, what, f, field, text) ? 1 : -1;
	}
	return 0;
}

bool spec_parse(struct xlcfg_ctx *ctx, unsigned int line, const char *what,
		const char *spec, const struct spec_field *fields,
		size_t nr_fields, spec_special *special, bool strict,
		void *object)
{
	struct spec_param p;
	bool ok = true;
	int rc;

	while (spec_next(&spec, &p)) {
		if (!p.key_len && !p.value)
			continue;
		rc = special ? special(ctx, line, what, object, &p) : 0;
		if (rc == 0)
			rc = spec_set_field(ctx, line, what, fields, nr_fields,
					    object, &p);
		if (rc == 0 && strict)
			xlcfg_error(ctx, line, "%s: unknown key '%.*s'", what,
				    (int)p.key_len, p.key);
		else if (rc == 0)
			xlcfg_warn(ctx, line, "%s: unknown key '%.*s' ignored",
				   what, (int)p.key_len, p.key);
		if (rc < 0 || (rc == 0 && strict))
			ok = false;
	}
	return ok;
}
