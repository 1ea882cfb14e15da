/*
 * The xl-compatible command family ("xl info", "xl dmesg", ...).
 */
#ifndef TOOLSTACK_XL_H
#define TOOLSTACK_XL_H

/* Entry for the shell's "xl" command; argv[1] is the subcommand. */
int xl_main(int argc, char **argv);

/* One per subcommand file. */
int xl_info(int argc, char **argv);
int xl_dmesg(int argc, char **argv);
int xl_create(int argc, char **argv);
int xl_list(int argc, char **argv);
int xl_destroy(int argc, char **argv);
int xl_console(int argc, char **argv);

struct domain_record;

/* Connect our console to a guest's until CTRL-] (xl_console.c). */
int xl_console_session(struct domain_record *d);

#endif
