/*
 * Administration shell: splitting a command line into words and running
 * the matching command.  Pure logic, no I/O beyond the FILE given for
 * error messages, so it is unit-tested on the host.
 */
#ifndef TOOLSTACK_SHELL_H
#define TOOLSTACK_SHELL_H

#include <stddef.h>
#include <stdio.h>

#define SHELL_MAX_ARGS 32

/* Tokenizer results (negative) besides a word count >= 0. */
#define SHELL_ERR_QUOTE    -1	/* unterminated quote */
#define SHELL_ERR_TOO_MANY -2	/* more than max words */

struct shell_command {
	const char *name;
	const char *usage;	/* arguments, e.g. "<domain>"; "" if none */
	const char *summary;	/* one line for help */
	/* argv[0] is the command's own name; returns 0 on success. */
	int (*run)(int argc, char **argv);
};

struct shell_table {
	const char *prefix;	/* "" for top level, "xl " for xl's commands */
	const struct shell_command *commands;
	size_t count;
};

/*
 * Split 'line' in place into at most 'max' words.  Words are separated by
 * spaces or tabs; single or double quotes group text including spaces,
 * and a backslash outside single quotes takes the next character as is.
 */
int shell_tokenize(char *line, char **argv, int max);

const struct shell_command *shell_find(const struct shell_table *table,
				       const char *name);

/*
 * Run argv[0] from 'table'.  Unknown commands print an error to 'err' and
 * return 127; an empty argv returns 0.
 */
int shell_dispatch(const struct shell_table *table, int argc, char **argv,
		   FILE *err);

/* Tokenize and dispatch one line; syntax errors return 2. */
int shell_run_line(const struct shell_table *table, char *line, FILE *err);

/* List 'table' as "  name usage   summary" lines. */
void shell_print_help(const struct shell_table *table, FILE *out);

#endif
