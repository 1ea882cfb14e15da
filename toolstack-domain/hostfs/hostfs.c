/*
 * The host filesystem on libext2fs (see hostfs.h).
 *
 * File data moves in runs: a file's extents are walked and each run of
 * blocks goes to the disk as one request, and a new file's blocks are
 * allocated as runs (ext2fs_fallocate) before its data is written into
 * them, instead of block by block through libext2fs's file layer.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ext2fs/ext2fs.h>
#include <minios/blkdev.h>
#include <minios/mutex.h>
#include "blkdev_io.h"
#include "hostfs.h"
#include "log.h"

static ext2_filsys fs;
static bool read_only;
static struct mutex lock;
static char device[sizeof(((struct blkdev *)0)->name)];

/* libext2fs's error codes as errnos (it returns errnos as they are). */
static int to_errno(errcode_t err)
{
	if (err >= 0 && err < 4096)
		return -(int)err;
	switch (err) {
	case EXT2_ET_FILE_NOT_FOUND:
		return -ENOENT;
	case EXT2_ET_FILE_EXISTS:
		return -EEXIST;
	case EXT2_ET_NO_DIRECTORY:
		return -ENOTDIR;
	case EXT2_ET_RO_FILSYS:
		return -EROFS;
	case EXT2_ET_BLOCK_ALLOC_FAIL:
	case EXT2_ET_INODE_ALLOC_FAIL:
	case EXT2_ET_DIR_NO_SPACE:
	case EXT2_ET_EA_NO_SPACE:
		return -ENOSPC;
	case EXT2_ET_NO_MEMORY:
		return -ENOMEM;
	case EXT2_ET_FILE_TOO_BIG:
		return -EFBIG;
	case EXT2_ET_SYMLINK_LOOP:
		return -ELOOP;
	}
	return -EIO;
}

static bool writable(void)
{
	return fs && !read_only;
}

/* ---- mounting ---- */

void hostfs_label(struct blkdev *bd, char *label, size_t size)
{
	static uint8_t sb[2 * SECTOR_SIZE];

	label[0] = 0;
	if (blkdev_read(bd, 2, sb, 2) || sb[56] != 0x53 || sb[57] != 0xef)
		return;
	snprintf(label, size, "%.16s", (const char *)sb + 120);
}

static bool has_host_label(struct blkdev *bd)
{
	char label[17];

	hostfs_label(bd, label, sizeof(label));
	return !strcmp(label, HOSTFS_LABEL);
}

static struct blkdev *find_host_partition(void)
{
	for (struct blkdev *bd = blkdev_list(); bd; bd = bd->next)
		if (bd->disk != bd && has_host_label(bd))
			return bd;
	return NULL;
}

/* Mark the filesystem in use (not clean) and write that out first. */
static errcode_t mark_in_use(void)
{
	fs->super->s_state &= ~EXT2_VALID_FS;
	fs->super->s_mnt_count++;
	fs->super->s_mtime = time(NULL);
	ext2fs_mark_super_dirty(fs);
	return ext2fs_flush(fs);
}

static errcode_t open_fs(const char *name, int rw)
{
	int flags = EXT2_FLAG_64BITS | (rw ? EXT2_FLAG_RW : 0);
	errcode_t err = ext2fs_open2(name, NULL, flags, 0, 0, blkdev_io_manager,
				     &fs);

	if (err)
		return err;
	err = ext2fs_read_bitmaps(fs);
	if (err)
		ext2fs_close_free(&fs);
	return err;
}

int hostfs_mount(const char *name)
{
	struct blkdev *bd = name ? blkdev_find(name) : find_host_partition();
	errcode_t err;

	if (fs)
		return -EBUSY;
	if (!bd) {
		tlog("hostfs: %s%s not found\n", name ? name : "a partition "
		       "labelled ", name ? "" : HOSTFS_LABEL);
		return -ENODEV;
	}
	snprintf(device, sizeof(device), "%s", bd->name);
	read_only = bd->read_only;
	err = open_fs(device, !read_only);
	if (err) {
		tlog("hostfs: cannot mount %s: %s\n", device,
		       error_message(err));
		return to_errno(err);
	}
	if (!read_only && (!(fs->super->s_state & EXT2_VALID_FS) ||
			   (fs->super->s_state & EXT2_ERROR_FS))) {
		tlog("hostfs: %s was not unmounted cleanly: mounting it "
		       "read-only (no fsck here yet)\n", device);
		ext2fs_close_free(&fs);
		read_only = true;
		if ((err = open_fs(device, 0)))
			return to_errno(err);
	} else if (!read_only && (err = mark_in_use())) {
		tlog("hostfs: cannot write to %s (%s): mounting it "
		       "read-only\n", device, error_message(err));
		ext2fs_close_free(&fs);
		read_only = true;
		if ((err = open_fs(device, 0)))
			return to_errno(err);
	}
	tlog("hostfs: %s mounted %s\n", device, read_only ? "read-only" :
	       "read-write");
	return 0;
}

bool hostfs_mounted(void)
{
	return fs != NULL;
}

bool hostfs_read_only(void)
{
	return read_only;
}

const char *hostfs_device(void)
{
	return fs ? device : NULL;
}

static int sync_locked(void)
{
	errcode_t err;

	if (!writable())
		return 0;
	err = ext2fs_flush(fs);
	return err ? to_errno(err) : to_errno(io_channel_flush(fs->io));
}

int hostfs_sync(void)
{
	int rc;

	mutex_lock(&lock);
	rc = sync_locked();
	mutex_unlock(&lock);
	return rc;
}

int hostfs_unmount(void)
{
	errcode_t err = 0;

	mutex_lock(&lock);
	if (fs && !read_only) {
		fs->super->s_state |= EXT2_VALID_FS;
		ext2fs_mark_super_dirty(fs);
	}
	if (fs) {
		err = ext2fs_close_free(&fs);
		if (!err && !read_only)
			err = -blkdev_flush(blkdev_find(device));
	}
	mutex_unlock(&lock);
	return to_errno(err);
}

/* ---- paths ---- */

static errcode_t lookup(const char *path, bool follow, ext2_ino_t *ino)
{
	if (!fs)
		return ENODEV;
	if (path[0] != '/')
		return EINVAL;
	return follow ? ext2fs_namei_follow(fs, EXT2_ROOT_INO, EXT2_ROOT_INO,
					    path, ino) :
			ext2fs_namei(fs, EXT2_ROOT_INO, EXT2_ROOT_INO, path, ino);
}

/*
 * The directory that holds @path's last component, and that component.
 * @name gets a copy of the component; trailing slashes are ignored.
 */
static errcode_t split_parent(const char *path, ext2_ino_t *dir, char *name,
			      size_t size)
{
	char parent[PATH_MAX];
	size_t len = strlen(path);
	const char *slash;

	while (len > 1 && path[len - 1] == '/')
		len--;
	if (len >= sizeof(parent) || path[0] != '/')
		return EINVAL;
	memcpy(parent, path, len);
	parent[len] = 0;
	slash = strrchr(parent, '/');
	if (!slash[1] || strlen(slash + 1) >= size || strlen(slash + 1) > 255)
		return slash[1] ? ENAMETOOLONG : EINVAL;
	strcpy(name, slash + 1);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return EINVAL;
	parent[slash - parent + 1] = 0;
	return lookup(parent, true, dir);
}

static enum hostfs_type type_of(uint16_t mode)
{
	if (LINUX_S_ISREG(mode))
		return HOSTFS_FILE;
	if (LINUX_S_ISDIR(mode))
		return HOSTFS_DIR;
	if (LINUX_S_ISLNK(mode))
		return HOSTFS_SYMLINK;
	return HOSTFS_OTHER;
}

static void fill_stat(const struct ext2_inode *inode, struct hostfs_stat *st)
{
	st->type = type_of(inode->i_mode);
	st->mode = inode->i_mode & 07777;
	st->size = EXT2_I_SIZE(inode);
	st->mtime = inode->i_mtime;
	st->links = inode->i_links_count;
}

static errcode_t stat_ino(ext2_ino_t ino, struct hostfs_stat *st)
{
	struct ext2_inode inode;
	errcode_t err = ext2fs_read_inode(fs, ino, &inode);

	if (!err)
		fill_stat(&inode, st);
	return err;
}

int hostfs_stat(const char *path, struct hostfs_stat *st)
{
	ext2_ino_t ino;
	errcode_t err;

	mutex_lock(&lock);
	err = lookup(path, false, &ino);
	if (!err)
		err = stat_ino(ino, st);
	mutex_unlock(&lock);
	return to_errno(err);
}

struct listing {
	struct list_entry {
		char name[EXT2_NAME_LEN + 1];
		struct hostfs_stat st;
	} *entries;
	size_t count, room;
	errcode_t err;
};

static int collect_entry(struct ext2_dir_entry *dirent, int offset,
			 int blocksize, char *buf, void *priv)
{
	struct listing *l = priv;
	int len = ext2fs_dirent_name_len(dirent);
	struct list_entry *e;

	if ((len == 1 && dirent->name[0] == '.') ||
	    (len == 2 && !strncmp(dirent->name, "..", 2)))
		return 0;
	if (l->count == l->room) {
		size_t room = l->room ? 2 * l->room : 32;
		void *more = realloc(l->entries, room * sizeof(*l->entries));

		if (!more) {
			l->err = EXT2_ET_NO_MEMORY;
			return DIRENT_ABORT;
		}
		l->entries = more;
		l->room = room;
	}
	e = &l->entries[l->count];
	memcpy(e->name, dirent->name, len);
	e->name[len] = 0;
	if ((l->err = stat_ino(dirent->inode, &e->st)))
		return DIRENT_ABORT;
	l->count++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct list_entry *)a)->name,
		      ((const struct list_entry *)b)->name);
}

/* The entries are gathered under the lock, then handed to @fn in name
 * order without it, so that @fn may call hostfs itself. */
int hostfs_list(const char *path,
		int (*fn)(const char *name, const struct hostfs_stat *st,
			  void *ctx), void *ctx)
{
	struct listing l = { 0 };
	ext2_ino_t ino;
	errcode_t err;
	int rc = 0;

	mutex_lock(&lock);
	err = lookup(path, true, &ino);
	if (!err)
		err = ext2fs_dir_iterate(fs, ino, 0, NULL, collect_entry, &l);
	mutex_unlock(&lock);
	if (!err)
		err = l.err;
	if (!err)
		qsort(l.entries, l.count, sizeof(*l.entries), by_name);
	for (size_t i = 0; !err && !rc && i < l.count; i++)
		rc = fn(l.entries[i].name, &l.entries[i].st, ctx);
	free(l.entries);
	return err ? to_errno(err) : rc;
}

/* ---- file data in runs ---- */

/*
 * Move the file's blocks [0, @nblocks) to or from @buf by extent.  The
 * last block may be partial (@tail bytes of it are @buf's): it goes
 * through a block-sized bounce buffer.  Blocks no extent covers (holes)
 * are left as they are in @buf (zero for a read, by the caller); a write
 * needs them all allocated.
 */
static errcode_t transfer_runs(ext2_ino_t ino, struct ext2_inode *inode,
			       char *buf, uint64_t nblocks, size_t tail,
			       int write)
{
	unsigned int bs = fs->blocksize;
	ext2_extent_handle_t h;
	struct ext2fs_extent e;
	errcode_t err = ext2fs_extent_open2(fs, ino, inode, &h);
	int op = EXT2_EXTENT_ROOT;
	char *bounce = NULL;
	uint64_t moved = 0;

	if (err)
		return err;
	while (!(err = ext2fs_extent_get(h, op, &e))) {
		uint64_t n, last;

		op = EXT2_EXTENT_NEXT;
		if (!(e.e_flags & EXT2_EXTENT_FLAGS_LEAF) ||
		    (e.e_flags & EXT2_EXTENT_FLAGS_UNINIT) ||
		    e.e_lblk >= nblocks)
			continue;
		n = e.e_len < nblocks - e.e_lblk ? e.e_len : nblocks - e.e_lblk;
		last = e.e_lblk + n;
		moved += n;
		if (tail && last == nblocks)
			n--;		/* the partial block, below */
		if (n) {
			err = write ? io_channel_write_blk64(fs->io, e.e_pblk, n,
					buf + e.e_lblk * bs) :
				      io_channel_read_blk64(fs->io, e.e_pblk, n,
					buf + e.e_lblk * bs);
			if (err)
				break;
		}
		if (tail && last == nblocks) {
			if (!bounce && !(bounce = calloc(1, bs))) {
				err = EXT2_ET_NO_MEMORY;
				break;
			}
			if (write) {
				memcpy(bounce, buf + (nblocks - 1) * bs, tail);
				err = io_channel_write_blk64(fs->io,
					e.e_pblk + n, 1, bounce);
			} else if (!(err = io_channel_read_blk64(fs->io,
					e.e_pblk + n, 1, bounce)))
				memcpy(buf + (nblocks - 1) * bs, bounce, tail);
			if (err)
				break;
		}
	}
	free(bounce);
	ext2fs_extent_free(h);
	if (err != EXT2_ET_EXTENT_NO_NEXT)
		return err;
	/* Every block of a file being written must have a place. */
	return write && moved != nblocks ? EXT2_ET_BLOCK_ALLOC_FAIL : 0;
}

/* Small and old-style files: libext2fs's own file layer. */
static errcode_t read_through_file_layer(ext2_ino_t ino, char *buf,
					 size_t size)
{
	ext2_file_t f;
	unsigned int got;
	errcode_t err = ext2fs_file_open(fs, ino, 0, &f);

	for (size_t done = 0; !err && done < size; done += got) {
		err = ext2fs_file_read(f, buf + done, size - done, &got);
		if (!err && !got)
			err = EXT2_ET_SHORT_READ;
	}
	if (f)
		ext2fs_file_close(f);
	return err;
}

static errcode_t read_ino(ext2_ino_t ino, void **data, size_t *size)
{
	struct ext2_inode inode;
	uint64_t len, nblocks;
	errcode_t err = ext2fs_read_inode(fs, ino, &inode);
	char *buf;

	if (err)
		return err;
	if (LINUX_S_ISDIR(inode.i_mode))
		return EISDIR;
	len = EXT2_I_SIZE(&inode);
	if (len > SIZE_MAX / 2)
		return EFBIG;
	nblocks = (len + fs->blocksize - 1) / fs->blocksize;
	buf = calloc(1, len + 1);
	if (!buf)
		return ENOMEM;
	if (inode.i_flags & EXT4_EXTENTS_FL)
		err = transfer_runs(ino, &inode, buf, nblocks,
				    len % fs->blocksize, 0);
	else
		err = read_through_file_layer(ino, buf, len);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	*size = len;
	return 0;
}

int hostfs_read_file(const char *path, void **data, size_t *size)
{
	ext2_ino_t ino;
	errcode_t err;

	mutex_lock(&lock);
	err = lookup(path, true, &ino);
	if (!err)
		err = read_ino(ino, data, size);
	mutex_unlock(&lock);
	return to_errno(err);
}

/* ---- creating and removing ---- */

static errcode_t link_entry(ext2_ino_t dir, const char *name, ext2_ino_t ino,
			    int type)
{
	errcode_t err = ext2fs_link(fs, dir, name, ino, type);

	if (err == EXT2_ET_DIR_NO_SPACE) {
		err = ext2fs_expand_dir(fs, dir);
		if (!err)
			err = ext2fs_link(fs, dir, name, ino, type);
	}
	return err;
}

/* A new, empty regular file's inode, not yet in any directory. */
static errcode_t new_file_inode(ext2_ino_t dir, ext2_ino_t *ino,
				struct ext2_inode *inode)
{
	ext2_extent_handle_t h;
	errcode_t err = ext2fs_new_inode(fs, dir, LINUX_S_IFREG | 0644, NULL,
					 ino);

	if (err)
		return err;
	memset(inode, 0, sizeof(*inode));
	inode->i_mode = LINUX_S_IFREG | 0644;
	inode->i_atime = inode->i_ctime = inode->i_mtime = time(NULL);
	inode->i_links_count = 1;
	if (ext2fs_has_feature_extents(fs->super)) {
		/* Opening an extent tree on a fresh inode sets one up. */
		err = ext2fs_extent_open2(fs, *ino, inode, &h);
		if (err)
			return err;
		ext2fs_extent_free(h);
	}
	err = ext2fs_write_new_inode(fs, *ino, inode);
	if (!err)
		ext2fs_inode_alloc_stats2(fs, *ino, +1, 0);
	return err;
}

/* Drop one link to @ino; free its blocks and itself at the last. */
static errcode_t release_inode(ext2_ino_t ino)
{
	struct ext2_inode inode;
	errcode_t err = ext2fs_read_inode(fs, ino, &inode);

	if (err)
		return err;
	if (inode.i_links_count > 1) {
		inode.i_links_count--;
		return ext2fs_write_inode(fs, ino, &inode);
	}
	if (ext2fs_inode_has_valid_blocks2(fs, &inode) &&
	    (err = ext2fs_punch(fs, ino, &inode, NULL, 0, ~0ULL)))
		return err;
	inode.i_links_count = 0;
	inode.i_dtime = time(NULL);
	if ((err = ext2fs_write_inode(fs, ino, &inode)))
		return err;
	ext2fs_inode_alloc_stats2(fs, ino, -1, LINUX_S_ISDIR(inode.i_mode));
	return 0;
}

static errcode_t write_through_file_layer(ext2_ino_t ino, const char *data,
					  size_t size)
{
	ext2_file_t f;
	unsigned int put;
	errcode_t err = ext2fs_file_open(fs, ino, EXT2_FILE_WRITE, &f);

	for (size_t done = 0; !err && done < size; done += put) {
		err = ext2fs_file_write(f, data + done, size - done, &put);
		if (!err && !put)
			err = EXT2_ET_SHORT_WRITE;
	}
	if (f) {
		errcode_t closed = ext2fs_file_close(f);

		err = err ? err : closed;
	}
	return err;
}

/*
 * Whether @nblocks of data and the extent blocks that may map them fit.
 * libext2fs's fallocate, short of a block for its extent tree half-way,
 * would keep the data blocks it took without mapping them; so a file
 * that might not fit is refused before anything is allocated.  At worst
 * every block is an extent of its own: 340 to an extent block, plus the
 * tree's index blocks.
 */
static bool room_for(uint64_t nblocks)
{
	return ext2fs_free_blocks_count(fs->super) >= nblocks + nblocks / 300 + 8;
}

/*
 * Fill a new, empty file with @data.  With extents its blocks are
 * allocated as runs first, then written run by run.
 */
static errcode_t fill_file(ext2_ino_t ino, const void *data, size_t size)
{
	uint64_t nblocks = (size + fs->blocksize - 1) / fs->blocksize;
	struct ext2_inode inode;
	errcode_t err = ext2fs_read_inode(fs, ino, &inode);

	if (err || !nblocks)
		return err;
	if (!room_for(nblocks))
		return EXT2_ET_BLOCK_ALLOC_FAIL;
	if (!(inode.i_flags & EXT4_EXTENTS_FL))
		return write_through_file_layer(ino, data, size);
	if ((err = ext2fs_fallocate(fs, EXT2_FALLOCATE_FORCE_INIT, ino, NULL,
				    ~0ULL, 0, nblocks)) ||
	    (err = ext2fs_read_inode(fs, ino, &inode)) ||
	    (err = transfer_runs(ino, &inode, (char *)data, nblocks,
				 size % fs->blocksize, 1)) ||
	    (err = ext2fs_inode_size_set(fs, &inode, size)))
		return err;
	inode.i_mtime = inode.i_ctime = time(NULL);
	return ext2fs_write_inode(fs, ino, &inode);
}

struct replace {
	const char *name;
	ext2_ino_t new_ino, old_ino;
	int found;
};

/* Point an existing entry at another inode, in one directory block. */
static int replace_entry(struct ext2_dir_entry *dirent, int offset,
			 int blocksize, char *buf, void *priv)
{
	struct replace *r = priv;
	int len = ext2fs_dirent_name_len(dirent);

	if (!dirent->inode || len != (int)strlen(r->name) ||
	    strncmp(dirent->name, r->name, len))
		return 0;
	r->old_ino = dirent->inode;
	dirent->inode = r->new_ino;
	r->found = 1;
	return DIRENT_ABORT | DIRENT_CHANGED;
}

/*
 * Give @name in @dir to @ino: the entry is repointed where it exists
 * (the old inode loses that link), else made.
 */
static errcode_t put_in_place(ext2_ino_t dir, const char *name, ext2_ino_t ino,
			      int type)
{
	struct replace r = { .name = name, .new_ino = ino };
	errcode_t err = ext2fs_dir_iterate(fs, dir, 0, NULL, replace_entry, &r);

	if (err)
		return err;
	if (!r.found)
		return link_entry(dir, name, ino, type);
	return release_inode(r.old_ino);
}

static errcode_t write_file_locked(const char *path, const void *data,
				   size_t size)
{
	char name[EXT2_NAME_LEN + 1], tmp[EXT2_NAME_LEN + 1];
	static unsigned int serial;
	struct ext2_inode inode;
	ext2_ino_t dir, ino, existing;
	errcode_t err;

	if (!writable())
		return fs ? EROFS : ENODEV;
	if ((err = split_parent(path, &dir, name, sizeof(name))))
		return err;
	if (!ext2fs_lookup(fs, dir, name, strlen(name), NULL, &existing)) {
		struct hostfs_stat st;

		if (!(err = stat_ino(existing, &st)) && st.type == HOSTFS_DIR)
			return EISDIR;
	}
	snprintf(tmp, sizeof(tmp), ".%.200s.tmp-%u", name, ++serial);
	if ((err = new_file_inode(dir, &ino, &inode)))
		return err;
	if ((err = link_entry(dir, tmp, ino, EXT2_FT_REG_FILE))) {
		release_inode(ino);
		return err;
	}
	err = fill_file(ino, data, size);
	if (!err)
		err = sync_locked() ? EIO : 0;
	if (!err)
		err = put_in_place(dir, name, ino, EXT2_FT_REG_FILE);
	if (err) {
		ext2fs_unlink(fs, dir, tmp, ino, 0);
		release_inode(ino);
		return err;
	}
	return ext2fs_unlink(fs, dir, tmp, ino, 0);
}

int hostfs_write_file(const char *path, const void *data, size_t size)
{
	errcode_t err;

	mutex_lock(&lock);
	err = write_file_locked(path, data, size);
	mutex_unlock(&lock);
	return to_errno(err);
}

/* Append to @path with libext2fs's file layer, making it if missing. */
static errcode_t append_locked(const char *path, const void *data,
			       size_t size)
{
	char name[EXT2_NAME_LEN + 1];
	struct ext2_inode inode;
	ext2_ino_t dir, ino;
	ext2_file_t f;
	unsigned int put;
	errcode_t err, closed;

	if (!writable())
		return fs ? EROFS : ENODEV;
	if ((err = split_parent(path, &dir, name, sizeof(name))))
		return err;
	if (ext2fs_lookup(fs, dir, name, strlen(name), NULL, &ino)) {
		if ((err = new_file_inode(dir, &ino, &inode)))
			return err;
		if ((err = link_entry(dir, name, ino, EXT2_FT_REG_FILE))) {
			release_inode(ino);
			return err;
		}
	}
	if ((err = ext2fs_file_open(fs, ino, EXT2_FILE_WRITE, &f)))
		return err;
	err = ext2fs_file_llseek(f, 0, EXT2_SEEK_END, NULL);
	for (size_t done = 0; !err && done < size; done += put) {
		err = ext2fs_file_write(f, (const char *)data + done,
					size - done, &put);
		if (!err && !put)
			err = EXT2_ET_SHORT_WRITE;
	}
	closed = ext2fs_file_close(f);
	return err ? err : closed;
}

int hostfs_append(const char *path, const void *data, size_t size)
{
	errcode_t err;

	mutex_lock(&lock);
	err = append_locked(path, data, size);
	mutex_unlock(&lock);
	return to_errno(err);
}

/*
 * Make a new entry @path with @make (a directory, a link), retrying once
 * with the directory grown if its blocks are full.
 */
static int make_entry(const char *path,
		      errcode_t (*make)(ext2_ino_t dir, const char *name,
					const char *arg), const char *arg)
{
	char name[EXT2_NAME_LEN + 1];
	ext2_ino_t dir, ino;
	errcode_t err;

	mutex_lock(&lock);
	if (!writable())
		err = fs ? EROFS : ENODEV;
	else if (!(err = split_parent(path, &dir, name, sizeof(name))))
		err = !ext2fs_lookup(fs, dir, name, strlen(name), NULL, &ino) ?
		      EEXIST : make(dir, name, arg);
	if (err == EXT2_ET_DIR_NO_SPACE && !(err = ext2fs_expand_dir(fs, dir)))
		err = make(dir, name, arg);
	mutex_unlock(&lock);
	return to_errno(err);
}

static errcode_t make_dir(ext2_ino_t dir, const char *name, const char *arg)
{
	return ext2fs_mkdir(fs, dir, 0, name);
}

static errcode_t make_symlink(ext2_ino_t dir, const char *name,
			      const char *target)
{
	return ext2fs_symlink(fs, dir, 0, name, target);
}

int hostfs_mkdir(const char *path)
{
	return make_entry(path, make_dir, NULL);
}

int hostfs_symlink(const char *target, const char *path)
{
	return make_entry(path, make_symlink, target);
}

/*
 * An entry's directory, name, inode and directory-entry type, for unlink,
 * rmdir and rename; a directory is -EISDIR unless @dirs_too.
 */
static errcode_t find_entry(const char *path, bool dirs_too, ext2_ino_t *dir,
			    char *name, size_t size, ext2_ino_t *ino, int *type)
{
	struct hostfs_stat st = { .type = HOSTFS_OTHER };
	errcode_t err = split_parent(path, dir, name, size);

	if (!err)
		err = ext2fs_lookup(fs, *dir, name, strlen(name), NULL, ino);
	if (!err)
		err = stat_ino(*ino, &st);
	if (!err && st.type == HOSTFS_DIR && !dirs_too)
		err = EISDIR;
	*type = st.type == HOSTFS_DIR ? EXT2_FT_DIR :
		st.type == HOSTFS_SYMLINK ? EXT2_FT_SYMLINK : EXT2_FT_REG_FILE;
	return err;
}

int hostfs_unlink(const char *path)
{
	char name[EXT2_NAME_LEN + 1];
	ext2_ino_t dir, ino;
	errcode_t err;
	int type;

	mutex_lock(&lock);
	if (!writable())
		err = fs ? EROFS : ENODEV;
	else if (!(err = find_entry(path, false, &dir, name, sizeof(name),
				    &ino, &type)) &&
		 !(err = ext2fs_unlink(fs, dir, name, ino, 0)))
		err = release_inode(ino);
	mutex_unlock(&lock);
	return to_errno(err);
}

/* Change @ino's link count by @by (a directory's parent gains or loses
 * the ".." of a child). */
static errcode_t adjust_links(ext2_ino_t ino, int by)
{
	struct ext2_inode inode;
	errcode_t err = ext2fs_read_inode(fs, ino, &inode);

	if (err)
		return err;
	inode.i_links_count += by;
	return ext2fs_write_inode(fs, ino, &inode);
}

struct dotdot {
	ext2_ino_t parent;
};

static int repoint_dotdot(struct ext2_dir_entry *dirent, int offset,
			  int blocksize, char *buf, void *priv)
{
	if (ext2fs_dirent_name_len(dirent) != 2 ||
	    strncmp(dirent->name, "..", 2))
		return 0;
	dirent->inode = ((struct dotdot *)priv)->parent;
	return DIRENT_ABORT | DIRENT_CHANGED;
}

/* Whether directory @dir is @ino or lies below it. */
static bool inside(ext2_ino_t dir, ext2_ino_t ino)
{
	for (int depth = 0; depth < 256 && dir != EXT2_ROOT_INO; depth++) {
		if (dir == ino ||
		    ext2fs_lookup(fs, dir, "..", 2, NULL, &dir))
			return true;	/* unreadable: refuse too */
	}
	return dir == ino;
}

/* A directory moves: no name may be taken, it may not go inside itself,
 * and a new parent gets its ".." back. */
static errcode_t move_dir(ext2_ino_t from_dir, const char *from_name,
			  ext2_ino_t ino, ext2_ino_t to_dir, const char *to_name)
{
	struct dotdot d = { to_dir };
	ext2_ino_t existing;
	errcode_t err;

	if (!ext2fs_lookup(fs, to_dir, to_name, strlen(to_name), NULL,
			   &existing))
		return EEXIST;
	if (inside(to_dir, ino))
		return EINVAL;
	if ((err = link_entry(to_dir, to_name, ino, EXT2_FT_DIR)) ||
	    (err = ext2fs_unlink(fs, from_dir, from_name, ino, 0)) ||
	    from_dir == to_dir)
		return err;
	if ((err = ext2fs_dir_iterate(fs, ino, 0, NULL, repoint_dotdot, &d)) ||
	    (err = adjust_links(from_dir, -1)))
		return err;
	return adjust_links(to_dir, +1);
}

int hostfs_rename(const char *from, const char *to)
{
	char from_name[EXT2_NAME_LEN + 1], to_name[EXT2_NAME_LEN + 1];
	ext2_ino_t from_dir, to_dir, ino, existing;
	errcode_t err;
	int type;

	mutex_lock(&lock);
	if (!writable())
		err = fs ? EROFS : ENODEV;
	else if (!(err = find_entry(from, true, &from_dir, from_name,
				    sizeof(from_name), &ino, &type)) &&
		 !(err = split_parent(to, &to_dir, to_name, sizeof(to_name)))) {
		if (type == EXT2_FT_DIR)
			err = move_dir(from_dir, from_name, ino, to_dir,
				       to_name);
		else if (!ext2fs_lookup(fs, to_dir, to_name, strlen(to_name),
					NULL, &existing) && existing == ino)
			err = 0;	/* the same file */
		else if (!(err = put_in_place(to_dir, to_name, ino, type)))
			err = ext2fs_unlink(fs, from_dir, from_name, ino, 0);
	}
	mutex_unlock(&lock);
	return to_errno(err);
}

static int count_entry(struct ext2_dir_entry *dirent, int offset,
		       int blocksize, char *buf, void *priv)
{
	int len = ext2fs_dirent_name_len(dirent);

	if ((len == 1 && dirent->name[0] == '.') ||
	    (len == 2 && !strncmp(dirent->name, "..", 2)))
		return 0;
	++*(int *)priv;
	return DIRENT_ABORT;
}

int hostfs_rmdir(const char *path)
{
	char name[EXT2_NAME_LEN + 1];
	ext2_ino_t dir, ino;
	errcode_t err;
	int type, entries = 0;

	mutex_lock(&lock);
	if (!writable())
		err = fs ? EROFS : ENODEV;
	else if (!(err = find_entry(path, true, &dir, name, sizeof(name), &ino,
				    &type)) && type != EXT2_FT_DIR)
		err = ENOTDIR;
	else if (!err && ino == EXT2_ROOT_INO)
		err = EBUSY;
	else if (!err &&
		 !(err = ext2fs_dir_iterate(fs, ino, 0, NULL, count_entry,
					    &entries)) && entries)
		err = ENOTEMPTY;
	if (!err && !(err = ext2fs_unlink(fs, dir, name, ino, 0)) &&
	    !(err = adjust_links(dir, -1)) && !(err = adjust_links(ino, -1)))
		err = release_inode(ino);	/* its last link: "." */
	mutex_unlock(&lock);
	return to_errno(err);
}

int hostfs_readlink(const char *path, char *buf, size_t size)
{
	struct ext2_inode inode;
	ext2_ino_t ino;
	void *data;
	size_t len;
	errcode_t err;

	mutex_lock(&lock);
	err = lookup(path, false, &ino);
	if (!err)
		err = ext2fs_read_inode(fs, ino, &inode);
	if (!err && !LINUX_S_ISLNK(inode.i_mode))
		err = EINVAL;
	if (!err && ext2fs_is_fast_symlink(&inode)) {
		snprintf(buf, size, "%.*s", (int)EXT2_I_SIZE(&inode),
			 (const char *)inode.i_block);
	} else if (!err && !(err = read_ino(ino, &data, &len))) {
		snprintf(buf, size, "%s", (const char *)data);
		free(data);
	}
	mutex_unlock(&lock);
	return to_errno(err);
}

int hostfs_statfs(struct hostfs_statfs *st)
{
	if (!fs)
		return -ENODEV;
	mutex_lock(&lock);
	st->block_size = fs->blocksize;
	st->blocks = ext2fs_blocks_count(fs->super);
	st->free_blocks = ext2fs_free_blocks_count(fs->super);
	st->inodes = fs->super->s_inodes_count;
	st->free_inodes = fs->super->s_free_inodes_count;
	mutex_unlock(&lock);
	return 0;
}
