/*
 * xl create <file.cfg> [-c] [key=value...]: read the config (from the
 * host filesystem, or the boot archive before it is mounted; key=value
 * arguments are lines added after it, as xl does), build the PV guest,
 * start its console backend, unpause it.
 * Any failure leaves no domain, mapping or channel behind.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "builder/build.h"
#include "console/backend.h"
#include "domains/domain_store.h"
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "shell/files.h"
#include "xl.h"
#include "xlcfg/xlcfg.h"

#define ERR_LEN 160
#define DEFAULT_MEMORY_MB 32	/* libxl's default */

static int load(const char *path, const char *what, struct loaded_file *f)
{
	int rc = file_load(path, f);

	if (rc)
		fprintf(stderr, "xl create: %s %s: %s\n", what, path,
			strerror(-rc));
	return rc;
}

static void print_messages(const struct xl_config *cfg)
{
	for (size_t i = 0; i < cfg->nr_messages; i++)
		fprintf(stderr, "%s\n", cfg->messages[i].text);
}

/* What the builder cannot do yet; xl would do it. */
static const char *unsupported(const struct xl_config *cfg)
{
	if (cfg->bootloader)
		return "bootloader";
	if (cfg->nr_disks || cfg->nr_vifs || cfg->nr_vfbs || cfg->nr_pcis)
		return "devices (disk, vif, vfb, pci)";
	return NULL;
}

static int check_config(const char *path, const struct xl_config *cfg)
{
	const char *what = unsupported(cfg);

	if (!cfg->name || !cfg->kernel) {
		fprintf(stderr, "xl create: %s: no %s given\n", path,
			cfg->name ? "kernel" : "name");
		return -1;
	}
	if (strlen(cfg->name) >= DOMAIN_NAME_MAX) {
		fprintf(stderr, "xl create: %s: name too long\n", path);
		return -1;
	}
	if (what) {
		fprintf(stderr, "xl create: %s: %s not supported yet\n", path,
			what);
		return -1;
	}
	if (domains_find(cfg->name)) {
		fprintf(stderr, "xl create: domain '%s' already exists\n",
			cfg->name);
		return -1;
	}
	return 0;
}

/* The file's text with @overrides after it (@len long), or NULL. */
static char *with_overrides(const struct loaded_file *f, const char *overrides,
			    size_t *len)
{
	size_t extra = strlen(overrides);
	char *text = malloc(f->size + 1 + extra);

	if (!text)
		return NULL;
	memcpy(text, f->data, f->size);
	text[f->size] = '\n';
	memcpy(text + f->size + 1, overrides, extra);
	*len = f->size + 1 + extra;
	return text;
}

/* The parsed config, or NULL after saying why. */
static struct xl_config *read_config(const char *path, const char *overrides)
{
	struct loaded_file f;
	struct xl_config *cfg = NULL;
	const char *text;
	char *joined = NULL;
	size_t len;
	int rc;

	if (load(path, "config file", &f))
		return NULL;
	printf("Parsing config from %s\n", path);
	fflush(stdout);
	text = f.data;
	len = f.size;
	if (*overrides) {
		joined = with_overrides(&f, overrides, &len);
		if (!joined) {
			fprintf(stderr, "xl create: %s: out of memory\n", path);
			file_release(&f);
			return NULL;
		}
		text = joined;
	}
	rc = xlcfg_parse(path, text, len, &cfg);
	free(joined);
	file_release(&f);
	if (!cfg) {
		fprintf(stderr, "xl create: %s: out of memory\n", path);
		return NULL;
	}
	print_messages(cfg);
	if (rc || check_config(path, cfg)) {
		xlcfg_free(cfg);
		return NULL;
	}
	return cfg;
}

static uint64_t memory_kb(const struct xl_config *cfg)
{
	return (cfg->memory_mb ? cfg->memory_mb : DEFAULT_MEMORY_MB) << 10;
}

static int build_from(const struct xl_config *cfg,
		      const struct loaded_file *kernel,
		      const struct loaded_file *ramdisk,
		      struct pv_built_domain *out)
{
	struct pv_build_request req = {
		.cmdline = cfg->guest_cmdline,
		.memory_kb = memory_kb(cfg),
		.vcpus = cfg->vcpus,
		.kernel = kernel->data,
		.kernel_len = kernel->size,
		.kernel_immutable = kernel->in_archive,
		.ramdisk = ramdisk ? ramdisk->data : NULL,
		.ramdisk_len = ramdisk ? ramdisk->size : 0,
	};
	char err[ERR_LEN];

	if (pv_build(&req, out, err, sizeof(err))) {
		fprintf(stderr, "xl create: cannot build '%s' from %s: %s\n",
			cfg->name, cfg->kernel, err);
		return -1;
	}
	return 0;
}

static int build(const struct xl_config *cfg, struct pv_built_domain *out)
{
	struct loaded_file kernel, ramdisk;
	int rc;

	if (load(cfg->kernel, "kernel", &kernel))
		return -1;
	if (cfg->ramdisk && load(cfg->ramdisk, "ramdisk", &ramdisk)) {
		file_release(&kernel);
		return -1;
	}
	rc = build_from(cfg, &kernel, cfg->ramdisk ? &ramdisk : NULL, out);
	file_release(&kernel);
	if (cfg->ramdisk)
		file_release(&ramdisk);
	if (rc)
		return -1;
	if (xl_verbose)
		printf("xl create: domain %u built in %llu ms, %llu ms of it "
		       "loading (decompressing) the kernel, %llu ms getting "
		       "its memory from Xen\n", out->domid,
		       (unsigned long long)(out->build_ns / 1000000),
		       (unsigned long long)(out->decompress_ns / 1000000),
		       (unsigned long long)(out->populate_ns / 1000000));
	return 0;
}

/* Its XenStore entries (as xl writes them), then XS_INTRODUCE. */
static int store_entries(const struct xl_config *cfg,
			 const struct pv_built_domain *b, char *err,
			 size_t errlen)
{
	struct domain_store_info info = {
		.domid = b->domid, .name = cfg->name, .kernel = cfg->kernel,
		.cmdline = cfg->guest_cmdline, .memory_kb = memory_kb(cfg),
		.vcpus = cfg->vcpus,
		.console_mfn = b->console_mfn, .store_mfn = b->store_mfn,
		.console_port = b->console_port, .store_port = b->store_port,
	};

	return domain_store_create(&info, err, errlen);
}

/* What the life-cycle thread needs later: how to restart, what to do. */
static void remember(struct domain_record *d, const char *path,
		     const char *overrides, const struct xl_config *cfg)
{
	snprintf(d->config_path, sizeof(d->config_path), "%s", path);
	snprintf(d->config_overrides, sizeof(d->config_overrides), "%s",
		 overrides);
	d->on_poweroff = cfg->on_poweroff.action;
	d->on_reboot = cfg->on_reboot.action;
	d->on_crash = cfg->on_crash.action;
}

/*
 * Console, XenStore, our record of it, then let it run; undo all on
 * failure.
 */
static struct domain_record *start(const char *path, const char *overrides,
				   const struct xl_config *cfg,
				   const struct pv_built_domain *b)
{
	struct guest_console *console;
	struct domain_record *d = NULL;
	char err[ERR_LEN];
	int stored = 0;
	int rc;

	console = console_backend_attach(b->domid, b->console_mfn,
					 b->console_port, err, sizeof(err));
	if (!console)
		goto fail;
	stored = !store_entries(cfg, b, err, sizeof(err));
	if (!stored)
		goto fail;
	d = domains_add(b->domid, cfg->name, console);
	if (!d) {
		snprintf(err, sizeof(err), "too many domains");
		goto fail;
	}
	remember(d, path, overrides, cfg);
	rc = domain_unpause(b->domid);
	if (!rc)
		return d;
	snprintf(err, sizeof(err), "unpause: %s", xen_strerror(rc));
fail:
	fprintf(stderr, "xl create: starting '%s': %s\n", cfg->name, err);
	if (d)
		domains_remove(d);
	if (stored)
		domain_store_destroy(b->domid);
	if (console)
		console_backend_detach(console);
	domain_destroy(b->domid);
	return NULL;
}

struct create_args {
	const char *path;
	int connect;
	char overrides[CONFIG_OVERRIDES_MAX];	/* key=value lines */
};

/* Adds a key=value argument as a config line; false if it does not fit. */
static bool add_override(struct create_args *a, const char *line)
{
	size_t used = strlen(a->overrides), len = strlen(line);

	if (used + len + 2 > sizeof(a->overrides))
		return false;
	memcpy(a->overrides + used, line, len);
	strcpy(a->overrides + used + len, "\n");
	return true;
}

static int usage(void)
{
	fprintf(stderr, "usage: xl create <ConfigFile> [-c] [key=value...]\n");
	return 2;
}

/* 0, or 2 after saying what is wrong. */
static int parse_args(int argc, char **argv, struct create_args *a)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c")) {
			a->connect = 1;
		} else if (!a->path && argv[i][0] != '-') {
			a->path = argv[i];
		} else if (!a->path || !strchr(argv[i], '=')) {
			return usage();
		} else if (!add_override(a, argv[i])) {
			fprintf(stderr, "xl create: key=value arguments longer "
				"than %d bytes\n", CONFIG_OVERRIDES_MAX - 2);
			return 2;
		}
	}
	return a->path ? 0 : usage();
}

struct domain_record *xl_create_from(const char *path, const char *overrides)
{
	struct xl_config *cfg = read_config(path, overrides);
	struct pv_built_domain built;
	struct domain_record *d = NULL;

	if (!cfg)
		return NULL;
	if (strlen(path) >= CONFIG_PATH_MAX)
		fprintf(stderr, "xl create: %s: path too long\n", path);
	else if (build(cfg, &built) == 0)
		d = start(path, overrides, cfg, &built);
	xlcfg_free(cfg);
	return d;
}

int xl_create(int argc, char **argv)
{
	struct create_args a = { 0 };
	struct domain_record *d;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc;
	d = xl_create_from(a.path, a.overrides);
	if (!d)
		return 1;
	return a.connect ? xl_console_session(d) : 0;
}
