/*
 * The toolstack's cpio reader and file index: good archives, every
 * truncation of one, and hostile headers.  Archives are copied into
 * exact-size heap buffers so ASan catches any read past the end.
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "read_file.h"
#include "toolstack-domain/rootfs/cpio.h"
#include "toolstack-domain/rootfs/rootfs.h"

struct archive {
	char buf[8192];
	size_t len;
};

static void put_entry_raw(struct archive *a, const char *name,
			  unsigned int namesize, unsigned int mode,
			  const char *data, unsigned int size)
{
	a->len += sprintf(a->buf + a->len,
			  "070701%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x%08x",
			  1, mode, 0, 0, 1, 0, size, 0, 0, 0, 0, namesize, 0);
	memcpy(a->buf + a->len, name, namesize);
	a->len = (a->len + namesize + 3) & ~3UL;
	memcpy(a->buf + a->len, data, size);
	a->len = (a->len + size + 3) & ~3UL;
}

static void put_entry(struct archive *a, const char *name, unsigned int mode,
		      const char *data)
{
	put_entry_raw(a, name, strlen(name) + 1, mode, data, strlen(data));
}

static void put_trailer(struct archive *a)
{
	put_entry(a, "TRAILER!!!", 0, "");
}

static void *exact_copy(const struct archive *a, size_t len)
{
	void *p = malloc(len ? len : 1);

	memcpy(p, a->buf, len);
	return p;
}

static int load(const struct archive *a, size_t len, struct rootfs *fs,
		void **copy, char *err)
{
	*copy = exact_copy(a, len);
	return rootfs_load(fs, *copy, len, err, 128);
}

static void make_sample(struct archive *a)
{
	memset(a, 0, sizeof(*a));
	put_entry(a, ".", CPIO_MODE_DIR | 0755, "");
	put_entry(a, "etc", CPIO_MODE_DIR | 0755, "");
	put_entry(a, "etc/xen", CPIO_MODE_DIR | 0755, "");
	put_entry(a, "etc/xen/probe.cfg", CPIO_MODE_FILE | 0644,
		  "name = \"probe\"\n");
	put_entry(a, "./boot//probe.elf", CPIO_MODE_FILE | 0644, "\177ELF....");
	put_entry(a, "etc/xen/a.cfg", CPIO_MODE_FILE | 0644, "x");
	put_entry(a, "dev-link", 0120000 | 0777, "target");
	put_trailer(a);
}

static void name_list(const struct rootfs_file *f, void *ctx)
{
	strcat(ctx, rootfs_basename(f));
	strcat(ctx, f->is_dir ? "/ " : " ");
}

static void test_good_archive(void)
{
	struct archive a;
	struct rootfs fs;
	const struct rootfs_file *f;
	char err[128], names[256] = "";
	void *copy;

	make_sample(&a);
	CHECK_EQ(load(&a, a.len, &fs, &copy, err), 0);
	f = rootfs_lookup(&fs, "/etc/xen/probe.cfg");
	CHECK(f && !f->is_dir && f->size == 15 &&
	      !memcmp(f->data, "name = \"probe\"\n", 15));
	/* Implied parent, repeated slashes, "." and ".." in lookups. */
	f = rootfs_lookup(&fs, "/boot");
	CHECK(f && f->is_dir);
	CHECK(rootfs_lookup(&fs, "//boot/./probe.elf") != NULL);
	CHECK(rootfs_lookup(&fs, "/etc/../boot/probe.elf") != NULL);
	CHECK(rootfs_lookup(&fs, "/../../boot/probe.elf") != NULL);
	CHECK(rootfs_lookup(&fs, "/etc/xen/") != NULL);
	CHECK(rootfs_lookup(&fs, "/etc/xen/missing.cfg") == NULL);
	CHECK(rootfs_lookup(&fs, "/dev-link") == NULL);	/* links skipped */
	CHECK_EQ(rootfs_list(&fs, "/etc/xen", name_list, names), 2);
	CHECK(!strcmp(names, "a.cfg probe.cfg "));
	names[0] = '\0';
	CHECK_EQ(rootfs_list(&fs, "/", name_list, names), 2);
	CHECK(!strcmp(names, "boot/ etc/ "));
	CHECK_EQ(rootfs_list(&fs, "/etc/xen/a.cfg", name_list, names), -1);
	CHECK_EQ(rootfs_list(&fs, "/nowhere", name_list, names), -1);
	CHECK(!strcmp(rootfs_basename(rootfs_lookup(&fs, "/")), "/"));
	rootfs_free(&fs);
	free(copy);
}

static void test_every_truncation(void)
{
	struct archive a;
	struct rootfs fs;
	char err[128];
	void *copy;

	make_sample(&a);
	for (size_t len = 0; len < a.len; len++) {
		int rc = load(&a, len, &fs, &copy, err);

		/* Only a cut inside the trailer's own padding is complete. */
		if (rc == 0)
			CHECK(len > a.len - 4);
		else
			CHECK(err[0] != '\0');
		if (rc == 0)
			rootfs_free(&fs);
		free(copy);
	}
}

static void expect_error(struct archive *a, const char *what)
{
	struct rootfs fs;
	char err[128] = "";
	void *copy;

	put_trailer(a);
	CHECK_EQ(load(a, a->len, &fs, &copy, err), -1);
	if (!strstr(err, what))
		fprintf(stderr, "error '%s' lacks '%s'\n", err, what);
	CHECK(strstr(err, what) != NULL);
	CHECK(fs.files == NULL && fs.count == 0);
	free(copy);
}

static void test_hostile_headers(void)
{
	struct archive a;

	memset(&a, 0, sizeof(a));
	put_entry(&a, "x", CPIO_MODE_FILE, "abc");
	memcpy(a.buf, "070707", 6);
	expect_error(&a, "magic");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "x", CPIO_MODE_FILE, "abc");
	a.buf[6 + 6 * 8 + 3] = 'g';	/* filesize field */
	expect_error(&a, "hex");

	memset(&a, 0, sizeof(a));
	put_entry_raw(&a, "x", 0, CPIO_MODE_FILE, "", 0);
	expect_error(&a, "name");

	memset(&a, 0, sizeof(a));
	put_entry_raw(&a, "abcd", 4, CPIO_MODE_FILE, "", 0);	/* no NUL */
	expect_error(&a, "name");

	memset(&a, 0, sizeof(a));
	put_entry_raw(&a, "a\0b", 4, CPIO_MODE_FILE, "", 0);	/* inner NUL */
	expect_error(&a, "name");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "x", CPIO_MODE_FILE, "abc");
	memcpy(a.buf + 6 + 6 * 8, "ffffffff", 8);	/* huge filesize */
	expect_error(&a, "past the end");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "x", CPIO_MODE_FILE, "abc");
	memcpy(a.buf + 6 + 11 * 8, "7fffffff", 8);	/* huge namesize */
	expect_error(&a, "name");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "etc/../../x", CPIO_MODE_FILE, "abc");
	expect_error(&a, "bad name");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "etc", CPIO_MODE_FILE, "abc");
	put_entry(&a, "etc/x", CPIO_MODE_FILE, "abc");
	expect_error(&a, "inside a file");

	memset(&a, 0, sizeof(a));
	put_entry(&a, "etc", CPIO_MODE_DIR, "");
	put_entry(&a, "etc", CPIO_MODE_FILE, "abc");
	expect_error(&a, "both");

	memset(&a, 0, sizeof(a));
	put_entry(&a, ".", CPIO_MODE_FILE, "abc");
	expect_error(&a, "both");
}

static void test_missing_trailer(void)
{
	struct archive a;
	struct rootfs fs;
	char err[128];
	void *copy;

	memset(&a, 0, sizeof(a));
	put_entry(&a, "x", CPIO_MODE_FILE, "abc");
	CHECK_EQ(load(&a, a.len, &fs, &copy, err), -1);
	CHECK(strstr(err, "no trailer") != NULL);
	free(copy);
}

/* The archive the build makes, if given. */
static void test_real_archive(const char *path)
{
	struct rootfs fs;
	char err[128];
	size_t len;
	char *buf = read_whole_file(path, &len);

	CHECK_EQ(rootfs_load(&fs, buf, len, err, sizeof(err)), 0);
	CHECK(rootfs_lookup(&fs, "/etc/xen/probe.cfg") != NULL);
	CHECK(rootfs_lookup(&fs, "/var/lib/xen/images/probe.elf") != NULL);
	CHECK(rootfs_lookup(&fs, "/var/lib/xen/images/hostile.elf") != NULL);
	rootfs_free(&fs);
	free(buf);
}

int main(int argc, char **argv)
{
	test_good_archive();
	test_every_truncation();
	test_hostile_headers();
	test_missing_trailer();
	if (argc > 1)
		test_real_archive(argv[1]);
	return check_summary(argv[0]);
}
