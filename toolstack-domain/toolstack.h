/*
 * Identity of the toolstack domain application.
 */
#ifndef TOOLSTACK_H
#define TOOLSTACK_H

#define TOOLSTACK_VERSION "0.1"
#define TOOLSTACK_HOSTNAME "toolstack-domain"
#define TOOLSTACK_BUILD "toolstack-domain " TOOLSTACK_VERSION " (MiniOS, newlib)"

/* commands.c: run one shell line; returns the command's status. */
int toolstack_run_line(char *line);

#endif
