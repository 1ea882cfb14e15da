/*
 * xl.cfg(5) domain configuration files: the syntax (key = value lines,
 * integers, 'strings' and "strings", [ lists ], # comments) and the keys
 * a PV guest needs, with the disk, vif, vfb and pci device specs.
 *
 * The parser takes the file's text in memory; it does no I/O.  All
 * results live in the struct xl_config it returns, freed at once by
 * xlcfg_free().  Messages name the file and line, as xl's do:
 *	demo.cfg:7: memory: expected an integer
 *	demo.cfg:3: warning: unknown key 'foo'
 */
#ifndef TOOLSTACK_XLCFG_H
#define TOOLSTACK_XLCFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A value as written: an atom (a string or a number, kept as text, as
 * xl keeps it) or a list of values. */
struct xlcfg_value {
	bool is_list;
	bool quoted;			/* atom written as a string */
	unsigned int line;
	const char *atom;		/* quotes removed, escapes resolved */
	struct xlcfg_value **items;	/* list */
	size_t nr_items;
};

struct xlcfg_setting {
	const char *key;
	const struct xlcfg_value *value;
	unsigned int line;
	bool known;			/* interpreted below */
};

/* What to do when the guest powers off, reboots or crashes. */
enum xl_action {
	XL_ACTION_DESTROY,
	XL_ACTION_RESTART,
	XL_ACTION_RENAME_RESTART,
	XL_ACTION_PRESERVE,
	XL_ACTION_COREDUMP_DESTROY,
	XL_ACTION_COREDUMP_RESTART,
	XL_ACTION_SOFT_RESET,
};

struct xl_event_action {
	enum xl_action action;
	const char *text;		/* as written, e.g. "rename-restart" */
};

/* xl-disk-configuration(5); NULL strings were not given. */
struct xl_disk {
	const char *target;		/* NULL: an empty cdrom drive */
	const char *format;		/* raw (default), qcow, qcow2, vhd, qed */
	const char *vdev;		/* mandatory */
	bool readonly;			/* access=ro|r; default for cdroms */
	bool cdrom;			/* devtype=cdrom */
	const char *backend, *backendtype, *script, *specification;
	bool direct_io_safe, no_discard, untrusted;
};

/* xl-network-configuration(5) */
struct xl_vif {
	bool has_mac;
	uint8_t mac[6];
	const char *bridge, *ip, *script, *model, *vifname, *rate;
	const char *type, *backend, *gatewaydev;
	unsigned int mtu;		/* 0: not given */
	int devid;			/* -1: not given */
	bool untrusted;
};

/* The vfb list of xl.cfg(5); "type=vnc" (xm's spelling) means vnc=1. */
struct xl_vfb {
	bool vnc, sdl, vncunused, opengl;
	const char *vnclisten, *vncpasswd, *keymap, *display, *xauthority;
	int vncdisplay;			/* -1: not given */
};

/* xl-pci-configuration(5): [DDDD:]BB:DD.F[@VSLOT][,key=value...] */
struct xl_pci {
	bool has_bdf;			/* else 'name' finds the device */
	uint16_t domain;
	uint8_t bus, dev, func;
	bool all_functions;		/* function written as '*' */
	int vslot;			/* -1: not given */
	bool permissive, msitranslate, seize, power_mgmt;
	const char *rdm_policy, *name;
};

struct xlcfg_message {
	bool is_error;
	unsigned int line;		/* 0: about the whole file */
	const char *text;		/* "demo.cfg:7: memory: ..." */
};

struct xl_config {
	const char *name;
	bool has_uuid;
	uint8_t uuid[16];
	uint64_t memory_mb;		/* 0: not given */
	uint64_t maxmem_mb;		/* default: memory */
	unsigned int vcpus;		/* default 1 */
	unsigned int maxvcpus;		/* default: vcpus */
	const char *kernel, *ramdisk, *extra, *cmdline, *root, *bootloader;
	const char *guest_cmdline;	/* cmdline, or "root=ROOT EXTRA" */
	struct xl_event_action on_poweroff, on_reboot, on_crash;

	struct xl_disk *disks;
	size_t nr_disks;
	struct xl_vif *vifs;
	size_t nr_vifs;
	struct xl_vfb *vfbs;
	size_t nr_vfbs;
	struct xl_pci *pcis;
	size_t nr_pcis;

	/* Every setting in file order, unknown ones too; a key given twice
	 * keeps its last value, in its first place. */
	struct xlcfg_setting *settings;
	size_t nr_settings;

	struct xlcfg_message *messages;	/* errors and warnings, in order */
	size_t nr_messages;
	unsigned int nr_errors;

	struct xlcfg_arena *arena;	/* owns all of the above */
};

/*
 * Parse text[0..len) (need not be NUL-terminated), naming 'file' in
 * messages.  Returns 0; -EINVAL if there were errors (config->messages
 * say which); -ENOMEM, with *config NULL, if memory ran out.  On 0 and
 * -EINVAL *config is set and must be freed with xlcfg_free().  A syntax
 * error stops the parse (as in xl); errors in values do not.
 */
int xlcfg_parse(const char *file, const char *text, size_t len,
		struct xl_config **config);

/* The setting for 'key', known or not, or NULL. */
const struct xlcfg_setting *xlcfg_lookup(const struct xl_config *config,
					 const char *key);

void xlcfg_free(struct xl_config *config);

#endif
