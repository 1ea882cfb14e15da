/*
 * cpio "newc" parsing (see cpio.h).  Header fields are 8 hex digits
 * each, in this order after the 6-byte magic.
 */
#include <string.h>
#include "cpio.h"

#define HEADER_LEN	110
#define FIELD_LEN	8

enum header_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK,
};

static const char trailer[] = "TRAILER!!!";

static int parse_hex_field(const char *header, enum header_field f,
			   uint32_t *value)
{
	const char *p = header + 6 + f * FIELD_LEN;
	uint32_t v = 0;

	for (int i = 0; i < FIELD_LEN; i++) {
		char c = p[i];
		unsigned int digit;

		if (c >= '0' && c <= '9')
			digit = c - '0';
		else if (c >= 'a' && c <= 'f')
			digit = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			digit = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | digit;
	}
	*value = v;
	return 0;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* Does [off, off + size) lie inside an archive of 'len' bytes? */
static int inside(size_t len, size_t off, size_t size)
{
	return off <= len && size <= len - off;
}

int cpio_next(const void *archive, size_t len, size_t *offset,
	      struct cpio_entry *e, const char **why)
{
	const char *base = archive;
	size_t off = *offset, name_off, data_off;
	uint32_t mode, size, namesize;
	const char *h;

	if (!inside(len, off, HEADER_LEN)) {
		*why = "archive ends inside an entry header (no trailer)";
		return -1;
	}
	h = base + off;
	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6)) {
		*why = "bad entry magic (not a newc cpio archive)";
		return -1;
	}
	if (parse_hex_field(h, F_MODE, &mode) ||
	    parse_hex_field(h, F_FILESIZE, &size) ||
	    parse_hex_field(h, F_NAMESIZE, &namesize)) {
		*why = "header field is not 8 hex digits";
		return -1;
	}
	name_off = off + HEADER_LEN;
	if (namesize == 0 || !inside(len, name_off, namesize) ||
	    base[name_off + namesize - 1] != '\0' ||
	    memchr(base + name_off, '\0', namesize - 1)) {
		*why = "entry name is empty, truncated or not NUL-terminated";
		return -1;
	}
	data_off = align4(name_off + namesize);
	if (!inside(len, data_off, size)) {
		*why = "entry data runs past the end of the archive";
		return -1;
	}
	e->name = base + name_off;
	e->name_len = namesize - 1;
	e->mode = mode;
	e->data = base + data_off;
	e->size = size;
	/* The last entry's padding may be cut off; nothing follows it. */
	*offset = align4(data_off + size);
	if (*offset > len)
		*offset = len;
	return strcmp(e->name, trailer) ? 1 : 0;
}
