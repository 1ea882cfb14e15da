/*
 * Node permissions, with Xen's semantics (docs/misc/xenstore.txt and
 * cxenstored 4.17, read for these facts):
 *
 * - A list of <letter><domid> entries, letters r (read), w (write),
 *   b (both), n (none).  The first entry names the owner, and its letter
 *   is the access of every domain not listed after it.
 * - The owner, the privileged domain (0) and a domain whose SET_TARGET
 *   names the owner have full access, including changing permissions;
 *   only the privileged domain may change the owner (EPERM otherwise).
 * - A domain with a target also gets the entries naming its target.
 * - The first later entry naming the domain decides its access.
 * - A new node inherits its parent's list; when an unprivileged domain
 *   creates it, that domain becomes the owner (first entry's domid).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static bool names(const struct xs_conn *conn, uint32_t domid)
{
	return domid == conn->domid || domid == conn->target;
}

unsigned int xs_perms_access(const struct xs_conn *conn,
			     const struct xs_perms *perms)
{
	const unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;
	unsigned int i;

	if (!xs_conn_is_unprivileged(conn) || names(conn, perms->p[0].domid))
		return all;
	for (i = 1; i < perms->n; i++)
		if (names(conn, perms->p[i].domid))
			return perms->p[i].access;
	return perms->p[0].access;
}

static int letter_access(char c, unsigned int *access)
{
	switch (c) {
	case 'n':
		*access = XS_PERM_NONE;
		return 0;
	case 'r':
		*access = XS_PERM_READ;
		return 0;
	case 'w':
		*access = XS_PERM_WRITE;
		return 0;
	case 'b':
		*access = XS_PERM_READ | XS_PERM_WRITE;
		return 0;
	}
	return EINVAL;
}

static char access_letter(unsigned int access)
{
	return "nrwb"[access & (XS_PERM_READ | XS_PERM_WRITE)];
}

/* 'count' (>= 1) NUL-terminated strings "<letter><domid>" at 'strings'. */
int xs_perms_parse(struct xs_perms *out, const char *strings,
		   unsigned int count)
{
	unsigned int i;
	int err;

	out->p = calloc(count, sizeof(*out->p));
	if (!out->p)
		return ENOMEM;
	out->n = count;
	for (i = 0; i < count; i++) {
		err = letter_access(strings[0], &out->p[i].access);
		if (!err)
			err = xs_parse_domid(strings + 1, &out->p[i].domid);
		if (err) {
			xs_perms_free(out);
			return EINVAL;
		}
		strings += strlen(strings) + 1;
	}
	return 0;
}

/* Returns the bytes needed (each entry NUL-terminated), even if > size. */
size_t xs_perms_format(const struct xs_perms *perms, char *buf, size_t size)
{
	size_t len = 0;
	unsigned int i;
	int n;

	for (i = 0; i < perms->n; i++) {
		n = snprintf(len < size ? buf + len : NULL,
			     len < size ? size - len : 0, "%c%u",
			     access_letter(perms->p[i].access),
			     (unsigned int)perms->p[i].domid);
		len += n + 1;
	}
	return len;
}

int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src)
{
	dst->p = malloc(src->n * sizeof(*dst->p));
	if (!dst->p)
		return ENOMEM;
	memcpy(dst->p, src->p, src->n * sizeof(*dst->p));
	dst->n = src->n;
	return 0;
}

void xs_perms_free(struct xs_perms *perms)
{
	free(perms->p);
	perms->p = NULL;
	perms->n = 0;
}

/*
 * A released domain's id may be reused: hand its nodes' ownership to
 * dom0 and drop the entries naming it.  Returns whether anything changed.
 */
bool xs_perms_forget_domain(struct xs_perms *perms, uint32_t domid)
{
	bool changed = false;
	unsigned int i, kept = 1;

	if (perms->p[0].domid == domid) {
		perms->p[0].domid = 0;
		changed = true;
	}
	for (i = 1; i < perms->n; i++) {
		if (perms->p[i].domid == domid) {
			changed = true;
			continue;
		}
		perms->p[kept++] = perms->p[i];
	}
	perms->n = kept;
	return changed;
}
