/*
 * Memory and messages of one parse.  Every allocation is a block on the
 * config's arena list, so the whole config is freed at once and an error
 * path never has to unwind.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct block {
	struct block *next, **pprev;
	max_align_t data[];
};

struct xlcfg_arena {
	struct block *blocks;
};

struct xlcfg_arena *xlcfg_arena_new(void)
{
	return calloc(1, sizeof(struct xlcfg_arena));
}

void xlcfg_arena_free(struct xlcfg_arena *arena)
{
	struct block *b, *next;

	if (!arena)
		return;
	for (b = arena->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	free(arena);
}

static void link_block(struct xlcfg_arena *arena, struct block *b)
{
	b->next = arena->blocks;
	b->pprev = &arena->blocks;
	if (b->next)
		b->next->pprev = &b->next;
	arena->blocks = b;
}

static void unlink_block(struct block *b)
{
	*b->pprev = b->next;
	if (b->next)
		b->next->pprev = b->pprev;
}

void *xlcfg_alloc(struct xlcfg_ctx *ctx, size_t size)
{
	struct block *b = NULL;

	if (size < SIZE_MAX - sizeof(*b))
		b = calloc(1, sizeof(*b) + size);
	if (!b) {
		ctx->out_of_memory = true;
		return NULL;
	}
	link_block(ctx->config->arena, b);
	return b->data;
}

char *xlcfg_strndup(struct xlcfg_ctx *ctx, const char *s, size_t len)
{
	char *copy = xlcfg_alloc(ctx, len + 1);

	if (copy)
		memcpy(copy, s, len);
	return copy;
}

/* Capacity doubles: the array is reallocated when *nr is 0 or a power
 * of two, so appending n items costs O(n). */
void *xlcfg_append(struct xlcfg_ctx *ctx, void *items, size_t *nr,
		   size_t size)
{
	struct block *old = items ? (struct block *)items - 1 : NULL;
	struct block *b;
	size_t cap = *nr ? *nr * 2 : 1;

	if (*nr && (*nr & (*nr - 1))) {
		(*nr)++;
		return items;
	}
	if (cap > (SIZE_MAX - sizeof(*b)) / size) {
		ctx->out_of_memory = true;
		return NULL;
	}
	if (old)
		unlink_block(old);
	b = realloc(old, sizeof(*b) + cap * size);
	if (!b) {
		if (old)
			link_block(ctx->config->arena, old);
		ctx->out_of_memory = true;
		return NULL;
	}
	memset((char *)b->data + *nr * size, 0, (cap - *nr) * size);
	link_block(ctx->config->arena, b);
	(*nr)++;
	return b->data;
}

static void add_message(struct xlcfg_ctx *ctx, bool is_error,
			unsigned int line, const char *fmt, va_list ap)
{
	struct xl_config *config = ctx->config;
	struct xlcfg_message *messages;
	char text[512];
	int n;

	if (line)
		n = snprintf(text, sizeof(text), "%s:%u: %s", ctx->file, line,
			     is_error ? "" : "warning: ");
	else
		n = snprintf(text, sizeof(text), "%s: %s", ctx->file,
			     is_error ? "" : "warning: ");
	if (n < 0 || (size_t)n >= sizeof(text))
		n = 0;
	vsnprintf(text + n, sizeof(text) - n, fmt, ap);

	messages = xlcfg_append(ctx, config->messages, &config->nr_messages,
				sizeof(*messages));
	if (!messages)
		return;
	config->messages = messages;
	messages[config->nr_messages - 1] = (struct xlcfg_message){
		.is_error = is_error, .line = line,
		.text = xlcfg_strndup(ctx, text, strlen(text)),
	};
	if (is_error)
		config->nr_errors++;
}

void xlcfg_error(struct xlcfg_ctx *ctx, unsigned int line, const char *fmt,
		 ...)
{
	va_list ap;

	va_start(ap, fmt);
	add_message(ctx, true, line, fmt, ap);
	va_end(ap);
}

void xlcfg_warn(struct xlcfg_ctx *ctx, unsigned int line, const char *fmt,
		...)
{
	va_list ap;

	va_start(ap, fmt);
	add_message(ctx, false, line, fmt, ap);
	va_end(ap);
}
