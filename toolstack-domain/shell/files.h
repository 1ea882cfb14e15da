/*
 * Files as the toolstack sees them: on the host filesystem once it is
 * mounted (hostfs/), else in the boot archive (rootfs/), read-only.
 * And the shell's file commands over them.
 */
#ifndef TOOLSTACK_FILES_H
#define TOOLSTACK_FILES_H

#include <stdbool.h>
#include <stddef.h>

struct loaded_file {
	const void *data;
	size_t size;
	bool in_archive;	/* the boot archive's bytes: not ours to change */
};

/* The whole file at @path; 0 or a negative errno. */
int file_load(const char *path, struct loaded_file *f);
void file_release(struct loaded_file *f);

int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);
int cmd_cp(int argc, char **argv);
int cmd_mv(int argc, char **argv);
int cmd_rm(int argc, char **argv);
int cmd_mkdir(int argc, char **argv);
int cmd_rmdir(int argc, char **argv);
int cmd_ln(int argc, char **argv);
int cmd_df(int argc, char **argv);
int cmd_sync(int argc, char **argv);

#endif
