/*
 * The parts of the xl.cfg parser, and what they share.
 *
 *	context.c	memory and messages of one parse
 *	syntax.c	text -> settings (keys and value trees)
 *	text.c		numbers, MAC addresses, UUIDs, spec strings
 *	config.c	settings -> struct xl_config (the public entry)
 *	disk.c		disk spec strings
 *	devices.c	vif, vfb and pci spec strings
 */
#ifndef TOOLSTACK_XLCFG_INTERNAL_H
#define TOOLSTACK_XLCFG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xlcfg.h"

/* context.c */

struct xlcfg_ctx {
	const char *file;
	struct xl_config *config;
	bool out_of_memory;
};

/* Zeroed memory that lives as long as the config; NULL (and
 * ctx->out_of_memory set) when none is left. */
void *xlcfg_alloc(struct xlcfg_ctx *ctx, size_t size);
char *xlcfg_strndup(struct xlcfg_ctx *ctx, const char *s, size_t len);
/* Grow the array *items of *nr elements by one; NULL when out of memory. */
void *xlcfg_append(struct xlcfg_ctx *ctx, void *items, size_t *nr,
		   size_t size);

/* "FILE:LINE: text" (line 0: "FILE: text"); errors and warnings. */
void xlcfg_error(struct xlcfg_ctx *ctx, unsigned int line,
		 const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void xlcfg_warn(struct xlcfg_ctx *ctx, unsigned int line,
		const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct xlcfg_arena *xlcfg_arena_new(void);
void xlcfg_arena_free(struct xlcfg_arena *arena);

/* syntax.c: the settings of text[0..len) into ctx->config->settings;
 * false after a syntax error (reported) or when out of memory. */
bool xlcfg_read_settings(struct xlcfg_ctx *ctx, const char *text,
			 size_t len);

/* text.c */

/* The value of a hex digit, -1 if 'ch' is none. */
int xlcfg_hex_digit(int ch);
/* A number in decimal, octal (0 prefix) or hex (0x prefix), all of s. */
bool xlcfg_parse_u64(const char *s, uint64_t *value);
/* "00:16:3e:74:3d:76" */
bool xlcfg_parse_mac(const char *s, uint8_t mac[6]);
/* "6a1b2c3d-4e5f-6789-abcd-ef0123456789" */
bool xlcfg_parse_uuid(const char *s, uint8_t uuid[16]);

/* One item of a comma-separated spec string, whitespace trimmed. */
struct spec_param {
	const char *key;	/* text before '=' or the whole item */
	size_t key_len;
	const char *value;	/* after '=', NULL if there is none */
	size_t value_len;
};

/* The next item from *pos, advancing it; false at the end of the spec. */
bool spec_next(const char **pos, struct spec_param *param);
bool spec_key_is(const struct spec_param *param, const char *key);
/* A copy of the value (or the whole item if it has no '='). */
const char *spec_value(struct xlcfg_ctx *ctx, const struct spec_param *param);

/* A spec key stored straight into a field of a device struct. */
enum spec_field_type {
	SPEC_STRING,		/* const char * */
	SPEC_BOOL,		/* bool: a number, 0 is false */
	SPEC_INT,		/* int, 0..max */
	SPEC_UINT,		/* unsigned int, 0..max */
};

struct spec_field {
	const char *key;
	enum spec_field_type type;
	size_t offset;
	unsigned int max;
};

/*
 * Store 'param' into 'object' by the field named by its key.  Returns 1
 * when stored, 0 when no field has that key, -1 when the value is bad
 * (reported as "WHAT: KEY: ...").
 */
int spec_set_field(struct xlcfg_ctx *ctx, unsigned int line, const char *what,
		   const struct spec_field *fields, size_t nr_fields,
		   void *object, const struct spec_param *param);

/*
 * Parse a spec of key=value items and flags into 'object': each item
 * goes to special() first when given (1: handled, 0: not its item, -1:
 * bad, reported), then to 'fields'.  Empty items are skipped.  An
 * unknown key is an error when 'strict', else a warning.  False after
 * an error.
 */
typedef int spec_special(struct xlcfg_ctx *ctx, unsigned int line,
			 const char *what, void *object,
			 const struct spec_param *param);
bool spec_parse(struct xlcfg_ctx *ctx, unsigned int line, const char *what,
		const char *spec, const struct spec_field *fields,
		size_t nr_fields, spec_special *special, bool strict,
		void *object);

/* The device spec parsers: 'what' names the spec in messages ("disk[0]"). */
bool xlcfg_parse_disk(struct xlcfg_ctx *ctx, unsigned int line,
		      const char *what, const char *spec, struct xl_disk *disk);
bool xlcfg_parse_vif(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_vif *vif);
bool xlcfg_parse_vfb(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_vfb *vfb);
bool xlcfg_parse_pci(struct xlcfg_ctx *ctx, unsigned int line,
		     const char *what, const char *spec, struct xl_pci *pci);

#endif
