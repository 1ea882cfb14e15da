/*
 * A guest's XenStore entries (see domain_store.h).  Keys and
 * permissions follow what stock xl 4.17 leaves for a PV domU: the home
 * directory and /vm/<uuid> are "n0,r<id>" and everything dom0 writes
 * below inherits that; the nodes the guest writes itself are "n<id>".
 * The guest is still paused, so no transaction is needed for it not to
 * see a half-written tree.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <minios/time.h>
#include "domain_store.h"
#include "xenstore/client.h"
#include "xenstored.h"

#define PATH_LEN 128
#define UUID_LEN 37
#define CONSOLE_LIMIT "1048576"	/* xenconsoled's default, as xl writes */

/* Nodes the guest owns (libxl's writable paths for a PV guest). */
static const char *const guest_owned[] = {
	"control/shutdown", "control/feature-poweroff", "control/feature-reboot",
	"control/feature-suspend", "control/sysrq", "data", "attr", "drivers",
	"error", "feature", "device/suspend/event-channel",
};

struct writer {
	struct xs_conn *conn;
	const char *base;	/* "/local/domain/<id>" or "/vm/<uuid>" */
	int rc;			/* first failure */
	char failed[PATH_LEN];
};

static void put(struct writer *w, const char *rel, const char *value)
{
	char path[PATH_LEN];
	int rc;

	snprintf(path, sizeof(path), "%s%s%s", w->base, *rel ? "/" : "", rel);
	rc = xs_client_write(w->conn, path, value);
	if (rc < 0 && !w->rc) {
		w->rc = rc;
		snprintf(w->failed, sizeof(w->failed), "%s", path);
	}
}

static void put_number(struct writer *w, const char *rel,
		       unsigned long long n)
{
	char value[24];

	snprintf(value, sizeof(value), "%llu", n);
	put(w, rel, value);
}

/* 'rel' (under base) owned by 'owner', readable by 'reader' if given. */
static void set_owner(struct writer *w, const char *rel, unsigned int owner,
		      const unsigned int *reader)
{
	char path[PATH_LEN], o[12], r[12];
	const char *perms[] = { o, r };
	int rc;

	snprintf(path, sizeof(path), "%s%s%s", w->base, *rel ? "/" : "", rel);
	snprintf(o, sizeof(o), "n%u", owner);
	if (reader)
		snprintf(r, sizeof(r), "r%u", *reader);
	rc = xs_client_set_perms(w->conn, path, perms, reader ? 2 : 1);
	if (rc < 0 && !w->rc) {
		w->rc = rc;
		snprintf(w->failed, sizeof(w->failed), "%s", path);
	}
}

/*
 * A version-4 UUID for /vm/.  MiniOS has no entropy source: the clock
 * and the domain id, mixed (splitmix64), are unique enough for names.
 */
static void make_uuid(domid_t domid, char uuid[UUID_LEN])
{
	uint64_t x = monotonic_ns() ^ ((uint64_t)domid << 48), h[2];

	for (int i = 0; i < 2; i++) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ULL);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		h[i] = z ^ (z >> 31);
	}
	snprintf(uuid, UUID_LEN, "%08x-%04x-4%03x-%04x-%012llx",
		 (unsigned int)(h[0] >> 32), (unsigned int)(h[0] >> 16) & 0xffff,
		 (unsigned int)h[0] & 0xfff,
		 (unsigned int)(0x8000 | ((h[1] >> 48) & 0x3fff)),
		 (unsigned long long)(h[1] & 0xffffffffffffULL));
}

static void write_vm(struct writer *w, const struct domain_store_info *in,
		     const char *uuid)
{
	struct timeval now;
	char start[32];

	gettimeofday(&now, NULL);
	snprintf(start, sizeof(start), "%lld.%02ld", (long long)now.tv_sec,
		 (long)(now.tv_usec / 10000));
	put(w, "", "");
	set_owner(w, "", 0, &(unsigned int){ in->domid });
	put(w, "uuid", uuid);
	put(w, "name", in->name);
	put(w, "start_time", start);
	put(w, "image/ostype", "linux");
	put(w, "image/kernel", in->kernel);
	if (in->cmdline)
		put(w, "image/cmdline", in->cmdline);
}

static void write_devices(struct writer *w, const struct domain_store_info *in)
{
	put_number(w, "console/ring-ref", in->console_mfn);
	put_number(w, "console/port", in->console_port);
	put(w, "console/limit", CONSOLE_LIMIT);
	put(w, "console/type", "xenconsoled");
	put(w, "console/output", "pty");
	put_number(w, "store/ring-ref", in->store_mfn);
	put_number(w, "store/port", in->store_port);
	put(w, "device", "");
}

static void write_home(struct writer *w, const struct domain_store_info *in,
		       const char *vm)
{
	char cpu[32];

	put(w, "", "");
	set_owner(w, "", 0, &(unsigned int){ in->domid });
	put(w, "name", in->name);
	put_number(w, "domid", in->domid);
	put(w, "vm", vm);
	put_number(w, "memory/static-max", in->memory_kb);
	put_number(w, "memory/target", in->memory_kb);
	put(w, "memory/videoram", "0");
	for (unsigned int i = 0; i < in->vcpus; i++) {
		snprintf(cpu, sizeof(cpu), "cpu/%u/availability", i);
		put(w, cpu, "online");
	}
	put(w, "control/platform-feature-multiprocessor-suspend", "1");
	put(w, "control/platform-feature-xs_reset_watches", "1");
	write_devices(w, in);
	for (size_t i = 0; i < sizeof(guest_owned) / sizeof(*guest_owned); i++) {
		put(w, guest_owned[i], "");
		set_owner(w, guest_owned[i], in->domid, NULL);
	}
}

int domain_store_create(const struct domain_store_info *in, char *err,
			size_t errlen)
{
	char uuid[UUID_LEN], vm[PATH_LEN], home[PATH_LEN];
	struct writer w = { .conn = xenstored_toolstack() };

	if (!w.conn) {
		snprintf(err, errlen, "xenstored is not running");
		return -1;
	}
	make_uuid(in->domid, uuid);
	snprintf(vm, sizeof(vm), "/vm/%s", uuid);
	snprintf(home, sizeof(home), "/local/domain/%u", in->domid);
	w.base = vm;
	write_vm(&w, in, uuid);
	w.base = home;
	write_home(&w, in, vm);
	if (!w.rc && (w.rc = xs_client_introduce(w.conn, in->domid,
						 in->store_mfn,
						 in->store_port)) < 0)
		snprintf(w.failed, sizeof(w.failed), "introducing the domain");
	if (!w.rc)
		return 0;
	snprintf(err, errlen, "xenstore: %s: %s", w.failed, strerror(-w.rc));
	xs_client_rm(w.conn, home);
	xs_client_rm(w.conn, vm);
	return -1;
}

static void home_path(char *path, size_t len, domid_t domid, const char *rel)
{
	snprintf(path, len, "/local/domain/%u/%s", domid, rel);
}

int domain_store_read(domid_t domid, const char *rel, char *value,
		      size_t max)
{
	char path[PATH_LEN];

	home_path(path, sizeof(path), domid, rel);
	return xs_client_read(xenstored_toolstack(), path, value, max);
}

int domain_store_write(domid_t domid, const char *rel, const char *value)
{
	char path[PATH_LEN];

	home_path(path, sizeof(path), domid, rel);
	return xs_client_write(xenstored_toolstack(), path, value);
}

void domain_store_destroy(domid_t domid)
{
	struct xs_conn *conn = xenstored_toolstack();
	char home[PATH_LEN], vm[PATH_LEN], path[PATH_LEN];

	if (!conn)
		return;
	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	home_path(path, sizeof(path), domid, "vm");
	xs_client_release(conn, domid);
	/* Only a /vm/ path is ours to remove (the node is dom0's anyway). */
	if (xs_client_read(conn, path, vm, sizeof(vm)) > 4 &&
	    !strncmp(vm, "/vm/", 4))
		xs_client_rm(conn, vm);
	xs_client_rm(conn, home);
}
