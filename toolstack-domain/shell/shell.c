/*
 * Command-line tokenizer and command dispatch.
 */
#include <string.h>
#include "shell.h"

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int shell_tokenize(char *line, char **argv, int max)
{
	char *in = line, *out = line;
	int argc = 0;

	for (;;) {
		char quote = 0;

		while (is_blank(*in))
			in++;
		if (!*in)
			break;
		if (argc == max)
			return SHELL_ERR_TOO_MANY;
		argv[argc++] = out;
		/* Copy one word, dropping quotes and escapes, in place. */
		for (; *in && (quote || !is_blank(*in)); in++) {
			if (quote && *in == quote) {
				quote = 0;
			} else if (!quote && (*in == '"' || *in == '\'')) {
				quote = *in;
			} else if (*in == '\\' && quote != '\'' && in[1]) {
				*out++ = *++in;
			} else {
				*out++ = *in;
			}
		}
		if (quote)
			return SHELL_ERR_QUOTE;
		if (*in)
			in++;
		*out++ = '\0';
	}
	return argc;
}

const struct shell_command *shell_find(const struct shell_table *table,
				       const char *name)
{
	for (size_t i = 0; i < table->count; i++)
		if (!strcmp(table->commands[i].name, name))
			return &table->commands[i];
	return NULL;
}

int shell_dispatch(const struct shell_table *table, int argc, char **argv,
		   FILE *err)
{
	const struct shell_command *cmd;

	if (argc == 0)
		return 0;
	cmd = shell_find(table, argv[0]);
	if (!cmd) {
		fprintf(err, "%s%s: unknown command (try 'help')\n",
			table->prefix, argv[0]);
		return 127;
	}
	return cmd->run(argc, argv);
}

int shell_run_line(const struct shell_table *table, char *line, FILE *err)
{
	char *argv[SHELL_MAX_ARGS];
	int argc = shell_tokenize(line, argv, SHELL_MAX_ARGS);

	switch (argc) {
	case SHELL_ERR_QUOTE:
		fprintf(err, "syntax error: unterminated quote\n");
		return 2;
	case SHELL_ERR_TOO_MANY:
		fprintf(err, "syntax error: more than %d words\n",
			SHELL_MAX_ARGS);
		return 2;
	}
	return shell_dispatch(table, argc, argv, err);
}

void shell_print_help(const struct shell_table *table, FILE *out)
{
	for (size_t i = 0; i < table->count; i++) {
		const struct shell_command *c = &table->commands[i];
		char left[48];

		snprintf(left, sizeof(left), "%s%s%s%s", table->prefix,
			 c->name, *c->usage ? " " : "", c->usage);
		fprintf(out, "  %-22s %s\n", left, c->summary);
	}
}
