/*
 * From settings to a PV guest's configuration: each key a PV guest
 * needs has a kind that says how its value is read and where it goes;
 * other keys are kept and warned about.  Then the checks that take
 * several keys, and the defaults.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* 16 TiB and 4096 vCPUs: past any machine we boot on, and far from
 * overflowing when the builder turns megabytes into pages. */
#define MAX_MEMORY_MB (16ull << 20)
#define MAX_VCPUS 4096

enum key_kind {
	STRING, MEMORY, COUNT, ACTION, UUID, TYPE, BUILDER, BOOTLOADER,
	DISKS, VIFS, VFBS, PCIS,
};

static const struct key {
	const char *name;
	enum key_kind kind;
	size_t offset;			/* of the field, for the scalars */
} keys[] = {
	{ "name", STRING, offsetof(struct xl_config, name) },
	{ "kernel", STRING, offsetof(struct xl_config, kernel) },
	{ "ramdisk", STRING, offsetof(struct xl_config, ramdisk) },
	{ "extra", STRING, offsetof(struct xl_config, extra) },
	{ "cmdline", STRING, offsetof(struct xl_config, cmdline) },
	{ "root", STRING, offsetof(struct xl_config, root) },
	{ "memory", MEMORY, offsetof(struct xl_config, memory_mb) },
	{ "maxmem", MEMORY, offsetof(struct xl_config, maxmem_mb) },
	{ "vcpus", COUNT, offsetof(struct xl_config, vcpus) },
	{ "maxvcpus", COUNT, offsetof(struct xl_config, maxvcpus) },
	{ "on_poweroff", ACTION, offsetof(struct xl_config, on_poweroff) },
	{ "on_reboot", ACTION, offsetof(struct xl_config, on_reboot) },
	{ "on_crash", ACTION, offsetof(struct xl_config, on_crash) },
	{ "uuid", UUID, 0 },
	{ "type", TYPE, 0 },
	{ "builder", BUILDER, 0 },
	{ "bootloader", BOOTLOADER, offsetof(struct xl_config, bootloader) },
	{ "disk", DISKS, 0 },
	{ "vif", VIFS, 0 },
	{ "vfb", VFBS, 0 },
	{ "pci", PCIS, 0 },
};

static const char *const action_names[] = {
	[XL_ACTION_DESTROY] = "destroy",
	[XL_ACTION_RESTART] = "restart",
	[XL_ACTION_RENAME_RESTART] = "rename-restart",
	[XL_ACTION_PRESERVE] = "preserve",
	[XL_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
	[XL_ACTION_COREDUMP_RESTART] = "coredump-restart",
	[XL_ACTION_SOFT_RESET] = "soft-reset",
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* The atom of a setting; a list is an error. */
static const char *atom(struct xlcfg_ctx *ctx, const struct xlcfg_setting *s,
			const char *expected)
{
	if (!s->value->is_list)
		return s->value->atom;
	xlcfg_error(ctx, s->line, "%s: expected %s, not a list", s->key,
		    expected);
	return NULL;
}

/* An integer in [min, max]; xl takes one written as a string too. */
static bool integer(struct xlcfg_ctx *ctx, const struct xlcfg_setting *s,
		    uint64_t min, uint64_t max, uint64_t *value)
{
	const char *text = atom(ctx, s, "an integer");

	if (!text)
		return false;
	if (!xlcfg_parse_u64(text, value)) {
		xlcfg_error(ctx, s->line, "%s: expected an integer", s->key);
		return false;
	}
	if (*value < min || *value > max) {
		xlcfg_error(ctx, s->line, "%s: %s is out of range (%llu-%llu)",
			    s->key, text, (unsigned long long)min,
			    (unsigned long long)max);
		return false;
	}
	return true;
}

static void read_action(struct xlcfg_ctx *ctx, const struct xlcfg_setting *s,
			struct xl_event_action *action)
{
	const char *text = atom(ctx, s, "an action");

	if (!text)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(action_names); i++)
		if (!strcmp(text, action_names[i])) {
			action->action = (enum xl_action)i;
			action->text = text;
			return;
		}
	xlcfg_error(ctx, s->line, "%s: unknown action '%s'", s->key, text);
}

static void read_uuid(struct xlcfg_ctx *ctx, const struct xlcfg_setting *s)
{
	const char *text = atom(ctx, s, "a UUID");

	if (!text)
		return;
	if (xlcfg_parse_uuid(text, ctx->config->uuid))
		ctx->config->has_uuid = true;
	else
		xlcfg_error(ctx, s->line, "uuid: expected"
			    " XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX");
}

/* type = "pv" and its deprecated spelling builder = "generic". */
static void read_guest_type(struct xlcfg_ctx *ctx,
			    const struct xlcfg_setting *s, const char *pv)
{
	const char *text = atom(ctx, s, "a guest type");

	if (text && strcmp(text, pv))
		xlcfg_error(ctx, s->line, "%s: '%s' guests are not supported"
			    " (only %s)", s->key, text, pv);
}

/* One more device in array[0..nr), if its spec parser takes it. */
#define ADD_DEVICE(array, nr, parse)					\
	do {								\
		(array) = xlcfg_append(ctx, (array), &(nr),		\
				       sizeof(*(array)));		\
		if ((array) && !parse(ctx, item->line, what, item->atom, \
				      &(array)[(nr) - 1]))		\
			(nr)--;		/* reported; not kept */	\
	} while (0)

/* Each string of a device list through its spec parser. */
static void read_devices(struct xlcfg_ctx *ctx, const struct xlcfg_setting *s,
			 enum key_kind kind)
{
	struct xl_config *c = ctx->config;
	const struct xlcfg_value *list = s->value;

	if (!list->is_list) {
		xlcfg_error(ctx, s->line, "%s: expected a list of strings",
			    s->key);
		return;
	}
	for (size_t i = 0; i < list->nr_items && !ctx->out_of_memory; i++) {
		const struct xlcfg_value *item = list->items[i];
		char what[32];

		snprintf(what, sizeof(what), "%s[%zu]", s->key, i);
		if (item->is_list) {
			xlcfg_error(ctx, item->line, "%s: expected a string,"
				    " not a list", what);
			continue;
		}
		switch (kind) {
		case DISKS:
			ADD_DEVICE(c->disks, c->nr_disks, xlcfg_parse_disk);
			break;
		case VIFS:
			ADD_DEVICE(c->vifs, c->nr_vifs, xlcfg_parse_vif);
			break;
		case VFBS:
			ADD_DEVICE(c->vfbs, c->nr_vfbs, xlcfg_parse_vfb);
			break;
		default:
			ADD_DEVICE(c->pcis, c->nr_pcis, xlcfg_parse_pci);
			break;
		}
	}
}

static void read_key(struct xlcfg_ctx *ctx, const struct key *k,
		     const struct xlcfg_setting *s)
{
	void *field = (char *)ctx->config + k->offset;
	uint64_t n;

	switch (k->kind) {
	case STRING:
	case BOOTLOADER:
		*(const char **)field = atom(ctx, s, "a string");
		if (k->kind == BOOTLOADER)
			xlcfg_warn(ctx, s->line, "bootloader: not supported,"
				   " ignored (give kernel= instead)");
		break;
	case MEMORY:
		if (integer(ctx, s, 1, MAX_MEMORY_MB, &n))
			*(uint64_t *)field = n;
		break;
	case COUNT:
		if (integer(ctx, s, 1, MAX_VCPUS, &n))
			*(unsigned int *)field = (unsigned int)n;
		break;
	case ACTION:
		read_action(ctx, s, field);
		break;
	case UUID:
		read_uuid(ctx, s);
		break;
	case TYPE:
		read_guest_type(ctx, s, "pv");
		break;
	case BUILDER:
		read_guest_type(ctx, s, "generic");
		break;
	default:
		read_devices(ctx, s, k->kind);
		break;
	}
}

/* "root=ROOT EXTRA", or cmdline alone, as xl builds it. */
static void make_guest_cmdline(struct xlcfg_ctx *ctx)
{
	struct xl_config *c = ctx->config;
	size_t len;
	char *line;

	if (c->cmdline) {
		if (c->root || c->extra)
			xlcfg_warn(ctx, 0, "root and extra are ignored when"
				   " cmdline is given");
		c->guest_cmdline = c->cmdline;
		return;
	}
	len = (c->root ? strlen(c->root) + 6 : 0) +
	      (c->extra ? strlen(c->extra) + 1 : 0) + 1;
	line = xlcfg_alloc(ctx, len);
	if (!line)
		return;
	snprintf(line, len, "%s%s%s%s", c->root ? "root=" : "",
		 c->root ? c->root : "", c->root && c->extra ? " " : "",
		 c->extra ? c->extra : "");
	c->guest_cmdline = line;
}

/* What no single key can check, and the defaults. */
static void check_whole(struct xlcfg_ctx *ctx)
{
	struct xl_config *c = ctx->config;

	if (!c->name && !xlcfg_lookup(c, "name"))
		xlcfg_error(ctx, 0, "name: missing (it is mandatory)");
	if (!c->kernel && !xlcfg_lookup(c, "kernel"))
		xlcfg_error(ctx, 0, "kernel: missing (a PV guest boots a"
			    " kernel; bootloaders are not supported)");
	if (!c->vcpus)
		c->vcpus = 1;
	if (!c->maxvcpus)
		c->maxvcpus = c->vcpus;
	else if (c->maxvcpus < c->vcpus)
		xlcfg_error(ctx, xlcfg_lookup(c, "maxvcpus")->line,
			    "maxvcpus: %u is less than vcpus (%u)",
			    c->maxvcpus, c->vcpus);
	if (!c->maxmem_mb)
		c->maxmem_mb = c->memory_mb;
	else if (c->maxmem_mb < c->memory_mb)
		xlcfg_error(ctx, xlcfg_lookup(c, "maxmem")->line,
			    "maxmem: %llu is less than memory (%llu)",
			    (unsigned long long)c->maxmem_mb,
			    (unsigned long long)c->memory_mb);
	make_guest_cmdline(ctx);
}

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].name, name))
			return &keys[i];
	return NULL;
}

static void interpret(struct xlcfg_ctx *ctx)
{
	struct xl_config *c = ctx->config;

	c->on_poweroff = (struct xl_event_action){ XL_ACTION_DESTROY,
						   "destroy" };
	c->on_reboot = (struct xl_event_action){ XL_ACTION_RESTART,
						 "restart" };
	c->on_crash = c->on_poweroff;
	for (size_t i = 0; i < c->nr_settings && !ctx->out_of_memory; i++) {
		struct xlcfg_setting *s = &c->settings[i];
		const struct key *k = find_key(s->key);

		s->known = k != NULL;
		if (k)
			read_key(ctx, k, s);
		else
			xlcfg_warn(ctx, s->line, "unknown key '%s'", s->key);
	}
	check_whole(ctx);
}

const struct xlcfg_setting *xlcfg_lookup(const struct xl_config *config,
					 const char *key)
{
	for (size_t i = 0; i < config->nr_settings; i++)
		if (!strcmp(config->settings[i].key, key))
			return &config->settings[i];
	return NULL;
}

int xlcfg_parse(const char *file, const char *text, size_t len,
		struct xl_config **config)
{
	struct xl_config *c = calloc(1, sizeof(*c));
	struct xlcfg_ctx ctx = { .file = file, .config = c };

	*config = NULL;
	if (!c || !(c->arena = xlcfg_arena_new())) {
		free(c);
		return -ENOMEM;
	}
	if (xlcfg_read_settings(&ctx, text, len))
		interpret(&ctx);
	if (ctx.out_of_memory) {
		xlcfg_free(c);
		return -ENOMEM;
	}
	*config = c;
	return c->nr_errors ? -EINVAL : 0;
}

void xlcfg_free(struct xl_config *config)
{
	if (!config)
		return;
	xlcfg_arena_free(config->arena);
	free(config);
}
