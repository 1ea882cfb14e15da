/*
 * Shell commands over XenStore, like Xen's xenstore-* tools, through
 * the toolstack's in-process connection to xenstored.
 */
#ifndef TOOLSTACK_XENSTORE_CMDS_H
#define TOOLSTACK_XENSTORE_CMDS_H

int cmd_xenstore_read(int argc, char **argv);
int cmd_xenstore_write(int argc, char **argv);
int cmd_xenstore_ls(int argc, char **argv);
int cmd_xenstore_rm(int argc, char **argv);

#endif
