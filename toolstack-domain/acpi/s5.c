/*
 * \_S5 sleep type values from a DSDT/SSDT, without an AML interpreter.
 *
 * AML cannot be walked object by object without evaluating it: a name
 * used as an argument may be a method call, and how many arguments follow
 * depends on a definition possibly elsewhere.  So, as small loaders do, we
 * scan the definition block for the byte pattern that starts
 *
 *	DefName := NameOp NameString DataRefObject
 *
 * with NameString naming _S5_ (relative, or with a root or parent prefix)
 * and DataRefObject a DefPackage, then decode that package strictly.  A
 * match that does not decode (the bytes happened to be data) is skipped.
 * The scope around the name is not resolved: firmware declares _S5 only
 * at the root.  Every read goes through a cursor bounded by the table's
 * length.  The grammar is ACPI 6.x, section 20 (ACPI Machine Language).
 */
#include <errno.h>
#include <string.h>
#include "s5.h"

#define ACPI_HEADER_LEN		36
#define ACPI_LENGTH_OFFSET	4

#define AML_ZERO_OP		0x00
#define AML_ONE_OP		0x01
#define AML_NAME_OP		0x08
#define AML_BYTE_PREFIX		0x0a
#define AML_WORD_PREFIX		0x0b
#define AML_DWORD_PREFIX	0x0c
#define AML_QWORD_PREFIX	0x0e
#define AML_PACKAGE_OP		0x12
#define AML_ROOT_CHAR		'\\'
#define AML_PARENT_PREFIX	'^'
#define AML_ONES_OP		0xff

#define AML_NAME_SEG_LEN	4

/* Unread bytes [pos, end) of a table; reads never move pos past end. */
struct aml_cursor {
	const uint8_t *pos;
	const uint8_t *end;
};

static size_t aml_left(const struct aml_cursor *c)
{
	return (size_t)(c->end - c->pos);
}

static int aml_read_byte(struct aml_cursor *c, uint8_t *byte)
{
	if (!aml_left(c))
		return -EINVAL;
	*byte = *c->pos++;
	return 0;
}

/* Little-endian unsigned integer of 'size' bytes (at most 8). */
static int aml_read_le(struct aml_cursor *c, size_t size, uint64_t *value)
{
	if (aml_left(c) < size)
		return -EINVAL;
	*value = 0;
	for (size_t i = 0; i < size; i++)
		*value |= (uint64_t)c->pos[i] << (8 * i);
	c->pos += size;
	return 0;
}

/*
 * PkgLength: bits 7-6 of the lead byte count the bytes that follow (0-3).
 * Alone, the lead byte's bits 5-0 are the length; otherwise its bits 3-0
 * are the low nibble and each following byte adds 8 more bits (bits 5-4
 * are reserved, ignored as ACPICA does).  The length counts itself, so
 * the package ends 'length' bytes after the lead byte.  On success *end
 * is that end, checked to lie within the cursor's bounds.
 */
static int aml_read_pkg_length(struct aml_cursor *c, const uint8_t **end)
{
	const uint8_t *start = c->pos;
	uint8_t lead, follow, byte;
	uint32_t length;

	if (aml_read_byte(c, &lead))
		return -EINVAL;
	follow = lead >> 6;
	length = follow ? lead & 0x0f : lead & 0x3f;
	for (unsigned int i = 0; i < follow; i++) {
		if (aml_read_byte(c, &byte))
			return -EINVAL;
		length |= (uint32_t)byte << (4 + 8 * i);
	}
	if (length < (uint32_t)(c->pos - start) ||
	    length > (size_t)(c->end - start))
		return -EINVAL;
	*end = start + length;
	return 0;
}

/*
 * A constant integer data object: ZeroOp, OneOp, OnesOp, or a
 * Byte/Word/DWord/QWord prefix followed by its little-endian value.
 */
static int aml_read_integer(struct aml_cursor *c, uint64_t *value)
{
	uint8_t op;

	if (aml_read_byte(c, &op))
		return -EINVAL;
	switch (op) {
	case AML_ZERO_OP:
		*value = 0;
		return 0;
	case AML_ONE_OP:
		*value = 1;
		return 0;
	case AML_ONES_OP:
		*value = UINT64_MAX;
		return 0;
	case AML_BYTE_PREFIX:
		return aml_read_le(c, 1, value);
	case AML_WORD_PREFIX:
		return aml_read_le(c, 2, value);
	case AML_DWORD_PREFIX:
		return aml_read_le(c, 4, value);
	case AML_QWORD_PREFIX:
		return aml_read_le(c, 8, value);
	default:
		return -EINVAL;
	}
}

/*
 * Does a NameString naming _S5_ start here?  Accepted: "_S5_", "\_S5_"
 * and "^..._S5_"; a multi-segment path names an object in another scope.
 */
static int aml_read_s5_name(struct aml_cursor *c)
{
	if (aml_left(c) && *c->pos == AML_ROOT_CHAR)
		c->pos++;
	else
		while (aml_left(c) && *c->pos == AML_PARENT_PREFIX)
			c->pos++;
	if (aml_left(c) < AML_NAME_SEG_LEN ||
	    memcmp(c->pos, "_S5_", AML_NAME_SEG_LEN))
		return 0;
	c->pos += AML_NAME_SEG_LEN;
	return 1;
}

/*
 * DefPackage := PackageOp PkgLength NumElements PackageElementList,
 * with c at the PackageOp.
 * Per ACPICA, one element carries SLP_TYPa in its low byte and SLP_TYPb
 * in the next; with more, the first two elements are SLP_TYPa and b.
 */
static int aml_read_s5_package(const struct aml_cursor *c, uint8_t *slp_typa,
			       uint8_t *slp_typb)
{
	struct aml_cursor pkg;
	uint64_t a, b;
	uint8_t count;

	pkg.pos = c->pos + 1;	/* past the PackageOp */
	pkg.end = c->end;	/* until PkgLength narrows it */
	if (aml_read_pkg_length(&pkg, &pkg.end) ||
	    aml_read_byte(&pkg, &count) || count == 0 ||
	    aml_read_integer(&pkg, &a))
		return -EINVAL;
	if (count == 1)
		b = a >> 8;
	else if (aml_read_integer(&pkg, &b))
		return -EINVAL;
	*slp_typa = (uint8_t)a;
	*slp_typb = (uint8_t)b;
	return 0;
}

/* Checks the header; on success *body is the table's AML after it. */
static int acpi_table_body(const uint8_t *table, size_t len,
			   struct aml_cursor *body)
{
	struct aml_cursor header = { table + ACPI_LENGTH_OFFSET, table + len };
	uint64_t length;
	uint8_t sum = 0;

	if (len < ACPI_HEADER_LEN ||
	    (memcmp(table, "DSDT", 4) && memcmp(table, "SSDT", 4)))
		return -EINVAL;
	aml_read_le(&header, 4, &length);	/* cannot fail: len >= 36 */
	if (length < ACPI_HEADER_LEN || length > len)
		return -EINVAL;
	for (size_t i = 0; i < length; i++)
		sum += table[i];
	if (sum)
		return -EINVAL;
	body->pos = table + ACPI_HEADER_LEN;
	body->end = table + length;
	return 0;
}

int acpi_find_s5(const void *aml, size_t len, uint8_t *slp_typa,
		 uint8_t *slp_typb)
{
	struct aml_cursor body, at;
	int found_malformed = 0;

	if (!aml || !slp_typa || !slp_typb ||
	    acpi_table_body(aml, len, &body))
		return -EINVAL;
	for (; aml_left(&body); body.pos++) {
		if (*body.pos != AML_NAME_OP)
			continue;
		at.pos = body.pos + 1;
		at.end = body.end;
		if (!aml_read_s5_name(&at) || !aml_left(&at) ||
		    *at.pos != AML_PACKAGE_OP)
			continue;
		if (!aml_read_s5_package(&at, slp_typa, slp_typb))
			return 0;
		found_malformed = 1;
	}
	return found_malformed ? -EINVAL : -ENOENT;
}
