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

#endif
