/*
 * Host-side test of the toolstack shell: tokenizing and dispatch.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "../../toolstack-domain/shell/shell.h"



/* Tokenize 'input' and compare with the NULL-terminated 'expect'. */
static void check_words(const char *input, const char *const *expect)
{
	char line[256], *argv[SHELL_MAX_ARGS];
	int argc, n = 0;

	strcpy(line, input);
	argc = shell_tokenize(line, argv, SHELL_MAX_ARGS);
	while (expect[n])
		n++;
	if (argc != n) {
		fprintf(stderr, "tokenize '%s': %d words, expected %d\n",
			input, argc, n);
		check_failures++;
		return;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(argv[i], expect[i])) {
			fprintf(stderr, "tokenize '%s': word %d '%s', expected '%s'\n",
				input, i, argv[i], expect[i]);
			check_failures++;
		}
	}
}

static void test_tokenize(void)
{
	char line[256], *argv[4];

	check_words("", (const char *[]){ NULL });
	check_words("   \t ", (const char *[]){ NULL });
	check_words("help", (const char *[]){ "help", NULL });
	check_words("  xl   info  ", (const char *[]){ "xl", "info", NULL });
	check_words("xl\tdmesg -c\r\n",
		    (const char *[]){ "xl", "dmesg", "-c", NULL });
	check_words("a \"b c\" 'd e'",
		    (const char *[]){ "a", "b c", "d e", NULL });
	check_words("x\"y z\"w", (const char *[]){ "xy zw", NULL });
	check_words("a\\ b 'c\\d' \"e\\\"f\"",
		    (const char *[]){ "a b", "c\\d", "e\"f", NULL });
	check_words("\"\"", (const char *[]){ "", NULL });

	strcpy(line, "echo \"open");
	CHECK(shell_tokenize(line, argv, 4) == SHELL_ERR_QUOTE);
	strcpy(line, "a b c d e");
	CHECK(shell_tokenize(line, argv, 4) == SHELL_ERR_TOO_MANY);
	strcpy(line, "a b c d");
	CHECK(shell_tokenize(line, argv, 4) == 4);
}

static int last_argc;
static char last_args[256];

static int record(int argc, char **argv)
{
	last_argc = argc;
	last_args[0] = '\0';
	for (int i = 0; i < argc; i++) {
		strcat(last_args, argv[i]);
		strcat(last_args, "|");
	}
	return 7;
}

static const struct shell_command commands[] = {
	{ "alpha", "", "first", record },
	{ "beta", "<x>", "second", record },
};
static const struct shell_table table = { "", commands, 2 };

/* Run 'line' and return what went to the error stream. */
static int run(const char *input, char *err_text, size_t err_len)
{
	char line[256];
	FILE *err = tmpfile();
	int rc;
	size_t n;

	strcpy(line, input);
	rc = shell_run_line(&table, line, err);
	rewind(err);
	n = fread(err_text, 1, err_len - 1, err);
	err_text[n] = '\0';
	fclose(err);
	return rc;
}

static void test_dispatch(void)
{
	char err[256];

	CHECK(shell_find(&table, "beta") == &commands[1]);
	CHECK(shell_find(&table, "bet") == NULL);
	CHECK(shell_find(&table, "") == NULL);

	last_argc = -1;
	CHECK(run("", err, sizeof(err)) == 0);
	CHECK(last_argc == -1 && err[0] == '\0');

	CHECK(run("beta one 'two three'", err, sizeof(err)) == 7);
	CHECK(last_argc == 3);
	CHECK(!strcmp(last_args, "beta|one|two three|"));
	CHECK(err[0] == '\0');

	CHECK(run("gamma x", err, sizeof(err)) == 127);
	CHECK(strstr(err, "gamma: unknown command") != NULL);

	CHECK(run("alpha \"x", err, sizeof(err)) == 2);
	CHECK(strstr(err, "unterminated quote") != NULL);
}

static void test_help(void)
{
	FILE *out = tmpfile();
	char text[512];
	size_t n;

	shell_print_help(&table, out);
	rewind(out);
	n = fread(text, 1, sizeof(text) - 1, out);
	text[n] = '\0';
	fclose(out);
	CHECK(strstr(text, "alpha") != NULL);
	CHECK(strstr(text, "beta <x>") != NULL);
	CHECK(strstr(text, "second") != NULL);
}

int main(int argc, char **argv)
{
	test_tokenize();
	test_dispatch();
	test_help();
	(void)argc;
	return check_summary(argv[0]);
}
