/*
 * The in-memory file index over a cpio archive (see rootfs.h).  Paths
 * are kept normalised ("/a/b"), so lookup is a binary search.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cpio.h"
#include "rootfs.h"

#define MAX_PATH 256

/*
 * Normalise 'in' (relative to "/") into out[MAX_PATH]: no empty or "."
 * components, no trailing '/'.  ".." is refused in archive names and
 * resolved in lookups.  Returns 0 or -1.
 */
static int normalise(const char *in, char *out, bool allow_dotdot)
{
	size_t n = 0;

	while (*in) {
		const char *end = strchr(in, '/');
		size_t len = end ? (size_t)(end - in) : strlen(in);

		if (len == 2 && !memcmp(in, "..", 2)) {
			if (!allow_dotdot)
				return -1;
			while (n && out[--n] != '/')
				;
		} else if (len && !(len == 1 && in[0] == '.')) {
			if (n + 1 + len >= MAX_PATH)
				return -1;
			out[n++] = '/';
			memcpy(out + n, in, len);
			n += len;
		}
		in += len + (end != NULL);
	}
	if (!n)
		out[n++] = '/';
	out[n] = '\0';
	return 0;
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(((const struct rootfs_file *)a)->path,
		      ((const struct rootfs_file *)b)->path);
}

static struct rootfs_file *find(const struct rootfs *fs, const char *path)
{
	struct rootfs_file key = { .path = (char *)path };

	if (!fs->count)
		return NULL;
	return bsearch(&key, fs->files, fs->count, sizeof(key), compare_paths);
}

/* Linear search while loading (the index is not sorted yet). */
static struct rootfs_file *find_unsorted(struct rootfs *fs, const char *path)
{
	for (size_t i = 0; i < fs->count; i++)
		if (!strcmp(fs->files[i].path, path))
			return &fs->files[i];
	return NULL;
}

static int add_entry(struct rootfs *fs, const char *path, const void *data,
		     size_t size, bool is_dir)
{
	struct rootfs_file *f = find_unsorted(fs, path), *grown;

	if (!f) {
		grown = realloc(fs->files, (fs->count + 1) * sizeof(*grown));
		if (!grown)
			return -1;
		fs->files = grown;
		f = &fs->files[fs->count];
		f->path = strdup(path);
		if (!f->path)
			return -1;
		fs->count++;
	}
	f->data = is_dir ? NULL : data;
	f->size = is_dir ? 0 : size;
	f->is_dir = is_dir;
	return 0;
}

/*
 * Make every ancestor of 'path' exist as a directory.  Returns 0, -1
 * when out of memory, or -2 if an ancestor is a file.
 */
static int add_parents(struct rootfs *fs, const char *path)
{
	char parent[MAX_PATH];
	char *slash;

	strcpy(parent, path);
	while ((slash = strrchr(parent, '/')) != NULL) {
		struct rootfs_file *f;

		slash[slash == parent] = '\0';	/* keep "/" itself */
		f = find_unsorted(fs, parent);
		if (f)	/* its own parents were added with it */
			return f->is_dir ? 0 : -2;
		if (add_entry(fs, parent, NULL, 0, true))
			return -1;
	}
	return 0;
}

/* Check that an entry fits the tree, then add it and its parents. */
static int add_archive_entry(struct rootfs *fs, const char *path,
			     const struct cpio_entry *e, char *err,
			     size_t errlen)
{
	bool is_dir = (e->mode & CPIO_MODE_TYPE) == CPIO_MODE_DIR;
	const struct rootfs_file *old = find_unsorted(fs, path);
	int rc = 0;

	if ((old && old->is_dir != is_dir) || (!is_dir && !strcmp(path, "/"))) {
		snprintf(err, errlen, "'%.64s' is both a file and a directory",
			 path);
		return -1;
	}
	if (!old)
		rc = add_parents(fs, path);
	if (rc == -2) {
		snprintf(err, errlen, "'%.64s' is inside a file", path);
		return -1;
	}
	if (rc || add_entry(fs, path, e->data, e->size, is_dir)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int load_entries(struct rootfs *fs, const void *archive, size_t len,
			char *err, size_t errlen)
{
	size_t offset = 0;
	struct cpio_entry e;
	const char *why;
	char path[MAX_PATH];
	int rc;

	if (add_entry(fs, "/", NULL, 0, true)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while ((rc = cpio_next(archive, len, &offset, &e, &why)) > 0) {
		uint32_t type = e.mode & CPIO_MODE_TYPE;

		if (type != CPIO_MODE_DIR && type != CPIO_MODE_FILE)
			continue;
		if (normalise(e.name, path, false)) {
			snprintf(err, errlen, "bad name '%.64s' in the archive",
				 e.name);
			return -1;
		}
		if (add_archive_entry(fs, path, &e, err, errlen))
			return -1;
	}
	if (rc < 0) {
		snprintf(err, errlen, "at byte %lu: %s", (unsigned long)offset,
			 why);
		return -1;
	}
	return 0;
}

int rootfs_load(struct rootfs *fs, const void *archive, size_t len,
		char *err, size_t errlen)
{
	fs->files = NULL;
	fs->count = 0;
	if (load_entries(fs, archive, len, err, errlen)) {
		rootfs_free(fs);
		return -1;
	}
	qsort(fs->files, fs->count, sizeof(*fs->files), compare_paths);
	return 0;
}

void rootfs_free(struct rootfs *fs)
{
	for (size_t i = 0; i < fs->count; i++)
		free(fs->files[i].path);
	free(fs->files);
	fs->files = NULL;
	fs->count = 0;
}

const struct rootfs_file *rootfs_lookup(const struct rootfs *fs,
					const char *path)
{
	char norm[MAX_PATH];

	if (normalise(path, norm, true))
		return NULL;
	return find(fs, norm);
}

const char *rootfs_basename(const struct rootfs_file *f)
{
	const char *slash = strrchr(f->path, '/');

	return slash[1] ? slash + 1 : f->path;
}

/* Is 'path' directly inside directory 'dir' (both normalised)? */
static bool is_child(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	const char *rest;

	if (!strcmp(path, "/"))
		return false;
	if (n == 1)
		rest = path + 1;	/* dir is the root */
	else if (!strncmp(path, dir, n) && path[n] == '/')
		rest = path + n + 1;
	else
		return false;
	return *rest && !strchr(rest, '/');
}

int rootfs_list(const struct rootfs *fs, const char *dir,
		void (*fn)(const struct rootfs_file *f, void *ctx), void *ctx)
{
	const struct rootfs_file *d = rootfs_lookup(fs, dir);
	int count = 0;

	if (!d || !d->is_dir)
		return -1;
	for (size_t i = 0; i < fs->count; i++) {
		if (is_child(fs->files[i].path, d->path)) {
			fn(&fs->files[i], ctx);
			count++;
		}
	}
	return count;
}
