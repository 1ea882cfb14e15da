/*
 * Disk spec strings (xl-disk-configuration(5)):
 *
 *	[<target>[,<format>[,<vdev>[,<access>]]]] with key=value items and
 *	flags anywhere, and target= last, taking the rest of the string.
 *
 * Also xend's deprecated form, which xl still takes:
 *	[<prefix>:]<target>,<vdev>[:cdrom],<access>   e.g. phy:/dev/sda1,xvda1,w
 * A prefix on the target (phy:, file:, raw:, ...) or a ':' where the
 * format would be marks it; the format is then the prefix's, if any.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

enum slot { TARGET, FORMAT, VDEV, ACCESS, NR_SLOTS };

static const char *const slot_names[NR_SLOTS] = {
	"target", "format", "vdev", "access",
};

struct disk_parse {
	struct xlcfg_ctx *ctx;
	unsigned int line;
	const char *what;
	struct xl_disk *disk;
	const char *slots[NR_SLOTS];	/* as given; "" given empty */
	enum slot next;			/* the next positional slot */
	bool deprecated_form;
	bool ok;
};

static bool bad(struct disk_parse *d, const char *fmt, const char *arg)
{
	char msg[128];

	snprintf(msg, sizeof(msg), fmt, arg);
	xlcfg_error(d->ctx, d->line, "%s: %s", d->what, msg);
	d->ok = false;
	return false;
}

static bool set_slot(struct disk_parse *d, enum slot slot, const char *value)
{
	if (d->slots[slot])
		return bad(d, "%s given twice", slot_names[slot]);
	d->slots[slot] = value;
	return true;
}

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/* xend's target prefixes: a format, a block script, or nothing now. */
static const char *strip_prefixes(struct disk_parse *d, const char *target)
{
	static const char *const formats[] = { "raw:", "qcow2:", "vhd:" };
	static const char *const scripts[] = {
		"iscsi:", "nbd:", "enbd:", "drbd:",
	};
	static const char *const ignored[] = {
		"tapdisk:", "tap2:", "tap:", "aio:", "ioemu:", "file:", "phy:",
	};
	bool again = true;

	while (again) {
		again = false;
		for (size_t i = 0; i < sizeof(ignored) / sizeof(*ignored); i++)
			if (starts_with(target, ignored[i])) {
				target += strlen(ignored[i]);
				d->deprecated_form = again = true;
			}
	}
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (starts_with(target, formats[i])) {
			d->slots[FORMAT] = xlcfg_strndup(d->ctx, formats[i],
							 strlen(formats[i]) - 1);
			d->deprecated_form = true;
			return target + strlen(formats[i]);
		}
	for (size_t i = 0; i < sizeof(scripts) / sizeof(*scripts); i++)
		if (starts_with(target, scripts[i])) {
			char name[16];
			int n = snprintf(name, sizeof(name), "block-%.*s",
					 (int)strlen(scripts[i]) - 1,
					 scripts[i]);

			d->disk->script = xlcfg_strndup(d->ctx, name, (size_t)n);
			d->deprecated_form = true;
			return target + strlen(scripts[i]);
		}
	return target;
}

/* "vdev:cdrom" in the deprecated form. */
static void split_devtype(struct disk_parse *d, char *vdev)
{
	char *colon = strchr(vdev, ':');

	if (!colon)
		return;
	*colon = '\0';
	if (strcmp(colon + 1, "cdrom"))
		bad(d, "devtype '%s' is not cdrom", colon + 1);
	d->disk->cdrom = true;
}

static void positional(struct disk_parse *d, char *value)
{
	if (d->next == TARGET && *value)
		value = (char *)strip_prefixes(d, value);
	/* After a prefix, or a ':' where the format goes: xend's form. */
	if (d->next == FORMAT && (d->deprecated_form || strchr(value, ':')))
		d->next = VDEV;
	if (d->next == VDEV)
		split_devtype(d, value);
	if (d->next < NR_SLOTS)
		set_slot(d, d->next++, value);
	else if (*value)
		bad(d, "too many positional parameters at '%s'", value);
}

static void flag(struct disk_parse *d, const char *name)
{
	if (!strcmp(name, "cdrom"))
		d->disk->cdrom = true;
	else if (!strcmp(name, "direct-io-safe"))
		d->disk->direct_io_safe = true;
	else if (!strcmp(name, "discard") || !strcmp(name, "no-discard"))
		d->disk->no_discard = name[0] == 'n';
	else if (!strcmp(name, "trusted") || !strcmp(name, "untrusted"))
		d->disk->untrusted = name[0] == 'u';
	else
		positional(d, (char *)name);
}

static void keyword(struct disk_parse *d, const struct spec_param *p,
		    const char *value)
{
	struct xl_disk *disk = d->disk;

	for (enum slot s = FORMAT; s < NR_SLOTS; s++)
		if (spec_key_is(p, slot_names[s])) {
			set_slot(d, s, value);
			return;
		}
	if (spec_key_is(p, "devtype")) {
		if (strcmp(value, "cdrom") && strcmp(value, "disk"))
			bad(d, "devtype '%s' is neither cdrom nor disk", value);
		disk->cdrom = !strcmp(value, "cdrom");
	} else if (spec_key_is(p, "backend")) {
		disk->backend = value;
	} else if (spec_key_is(p, "backendtype")) {
		disk->backendtype = value;
	} else if (spec_key_is(p, "script")) {
		disk->script = value;
	} else if (spec_key_is(p, "specification")) {
		disk->specification = value;
	} else {
		char key[64];

		snprintf(key, sizeof(key), "%.*s", (int)p->key_len, p->key);
		bad(d, "unknown key '%s'", key);
	}
}

static bool is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* The slots into the disk, with defaults and checks. */
static void finish(struct disk_parse *d)
{
	static const char *const formats[] = {
		"raw", "qcow", "qcow2", "vhd", "qed", NULL,
	};
	static const char *const ro[] = { "ro", "r", NULL };
	static const char *const rw[] = { "rw", "w", NULL };
	struct xl_disk *disk = d->disk;
	const char *format = d->slots[FORMAT], *access = d->slots[ACCESS];

	disk->format = format && *format ? format : "raw";
	if (!is_one_of(disk->format, formats))
		bad(d, "unknown format '%s'", disk->format);
	disk->readonly = disk->cdrom;
	if (access && *access) {
		if (!is_one_of(access, ro) && !is_one_of(access, rw))
			bad(d, "access '%s' is none of ro, r, rw, w", access);
		disk->readonly = is_one_of(access, ro);
	}
	if (d->slots[VDEV] && *d->slots[VDEV])
		disk->vdev = d->slots[VDEV];
	else
		bad(d, "%s", "no vdev (the guest's device name)");
	if (d->slots[TARGET] && *d->slots[TARGET])
		disk->target = d->slots[TARGET];
	else if (!disk->cdrom)
		bad(d, "%s", "no target (only a cdrom may be empty)");
}

bool xlcfg_parse_disk(struct xlcfg_ctx *ctx, unsigned int line,
		      const char *what, const char *spec, struct xl_disk *disk)
{
	struct disk_parse d = {
		.ctx = ctx, .line = line, .what = what, .disk = disk,
		.ok = true,
	};
	struct spec_param p;

	*disk = (struct xl_disk){ 0 };
	while (d.ok && spec_next(&spec, &p)) {
		char *value;

		/* target= takes the rest, commas and trailing blanks too. */
		if (spec_key_is(&p, "target") && p.value) {
			value = xlcfg_strndup(ctx, p.value, strlen(p.value));
			if (value)
				set_slot(&d, TARGET, value);
			break;
		}
		value = (char *)spec_value(ctx, &p);
		if (!value)
			return false;
		if (p.value)
			keyword(&d, &p, value);
		else
			flag(&d, value);
	}
	if (d.ok)
		finish(&d);
	return d.ok && !ctx->out_of_memory;
}
