/*
 * A string-keyed hash table with the links inside the entries (chained,
 * FNV-1a hashes, doubling when the load passes two per bucket).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define INITIAL_BUCKETS 64

static uint32_t hash_string(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

int xs_htable_init(struct xs_htable *t)
{
	t->buckets = calloc(INITIAL_BUCKETS, sizeof(*t->buckets));
	if (!t->buckets)
		return ENOMEM;
	t->nbuckets = INITIAL_BUCKETS;
	t->count = 0;
	return 0;
}

void xs_htable_fini(struct xs_htable *t)
{
	free(t->buckets);
	t->buckets = NULL;
	t->nbuckets = t->count = 0;
}

static struct xs_hlink **bucket(const struct xs_htable *t, uint32_t hash)
{
	return &t->buckets[hash & (t->nbuckets - 1)];
}

struct xs_hlink *xs_htable_find(const struct xs_htable *t, const char *key)
{
	uint32_t hash = hash_string(key);
	struct xs_hlink *l;

	for (l = *bucket(t, hash); l; l = l->next)
		if (l->hash == hash && !strcmp(l->key, key))
			return l;
	return NULL;
}

/* Without memory for a bigger array the chains just get longer. */
static void grow(struct xs_htable *t)
{
	struct xs_htable bigger;
	struct xs_hlink *l, *next;
	size_t i;

	bigger.nbuckets = t->nbuckets * 2;
	bigger.buckets = calloc(bigger.nbuckets, sizeof(*bigger.buckets));
	if (!bigger.buckets)
		return;
	for (i = 0; i < t->nbuckets; i++) {
		for (l = t->buckets[i]; l; l = next) {
			next = l->next;
			l->next = *bucket(&bigger, l->hash);
			*bucket(&bigger, l->hash) = l;
		}
	}
	free(t->buckets);
	t->buckets = bigger.buckets;
	t->nbuckets = bigger.nbuckets;
}

void xs_htable_insert(struct xs_htable *t, struct xs_hlink *link,
		      const char *key)
{
	if (t->count >= 2 * t->nbuckets)
		grow(t);
	link->key = key;
	link->hash = hash_string(key);
	link->next = *bucket(t, link->hash);
	*bucket(t, link->hash) = link;
	t->count++;
}

void xs_htable_remove(struct xs_htable *t, struct xs_hlink *link)
{
	struct xs_hlink **pp = bucket(t, link->hash);

	while (*pp != link)
		pp = &(*pp)->next;
	*pp = link->next;
	t->count--;
}

struct xs_hlink *xs_htable_next(const struct xs_htable *t,
				const struct xs_hlink *prev)
{
	size_t i = 0;

	if (prev) {
		if (prev->next)
			return prev->next;
		i = (prev->hash & (t->nbuckets - 1)) + 1;
	}
	for (; i < t->nbuckets; i++)
		if (t->buckets[i])
			return t->buckets[i];
	return NULL;
}
