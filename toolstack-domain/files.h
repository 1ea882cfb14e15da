/*
 * Shell commands over the read-only file tree (rootfs/).
 */
#ifndef TOOLSTACK_FILES_H
#define TOOLSTACK_FILES_H

int cmd_ls(int argc, char **argv);
int cmd_cat(int argc, char **argv);

#endif
