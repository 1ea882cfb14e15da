/*
 * xenstored: transactions (isolation, conflicts, abort, watches at
 * commit, quotas).
 */
#include <stdio.h>
#include "xenstore_util.h"

static struct xs_daemon *xs;
static struct xs_conn *dom0, *other, *dom1;

static void setup(void)
{
	xs = xs_daemon_create(NULL, NULL);
	dom0 = xs_conn_create_dom0(xs);
	other = xs_conn_create_dom0(xs);
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/1", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/1", "n1", NULL));
	dom1 = introduce(xs, dom0, 1);
	CHECK_OK(xs_write(dom0, "/t/a", "1"));
	CHECK_OK(xs_write(dom0, "/t/b", "2"));
	events_clear();
}

static void teardown(void)
{
	xs_daemon_destroy(xs);
}

static uint32_t start(struct xs_conn *c)
{
	CHECK(rqs(c, XS_TRANSACTION_START, 0, "", NULL) ==
	      XS_TRANSACTION_START);
	return (uint32_t)strtoul(reply.data, NULL, 10);
}

static uint32_t end(struct xs_conn *c, uint32_t tx, const char *how)
{
	return rqs(c, XS_TRANSACTION_END, tx, how, NULL);
}

static void test_isolation_and_commit(void)
{
	uint32_t tx = start(dom0);

	CHECK(tx != 0);
	CHECK(reply.hdr.tx_id == 0);
	CHECK_OK(xs_write_tx(dom0, tx, "/t/a", "tx"));
	CHECK_OK(xs_write_tx(dom0, tx, "/t/new/deep", "n"));
	CHECK_OK(rqs(dom0, XS_RM, tx, "/t/b", NULL));
	CHECK(reply.hdr.tx_id == tx);
	/* Inside: the transaction's view. */
	CHECK_VALUE(rqs(dom0, XS_READ, tx, "/t/a", NULL), "tx");
	CHECK_REPLY(rqs(dom0, XS_DIRECTORY, tx, "/t", NULL), XS_DIRECTORY,
		    "a\0new");
	CHECK_ERR(rqs(dom0, XS_READ, tx, "/t/b", NULL), "ENOENT");
	/* Outside: nothing yet, and no watch fired. */
	CHECK_OK(rqs(other, XS_WATCH, 0, "/t", "w", NULL));
	events_clear();
	CHECK_VALUE(xs_read(other, "/t/a"), "1");
	CHECK_VALUE(xs_read(other, "/t/b"), "2");
	CHECK_ERR(xs_read(other, "/t/new"), "ENOENT");
	CHECK_OK(end(dom0, tx, "T"));
	CHECK_VALUE(xs_read(other, "/t/a"), "tx");
	CHECK_VALUE(xs_read(other, "/t/new/deep"), "n");
	CHECK_ERR(xs_read(other, "/t/b"), "ENOENT");
	CHECK_REPLY(rqs(other, XS_DIRECTORY, 0, "/t", NULL), XS_DIRECTORY,
		    "a\0new");
	/* The watches fired at the commit. */
	CHECK_EQ(events_for(other, "/t/a", "w"), 1);
	CHECK_EQ(events_for(other, "/t/new/deep", "w"), 1);
	CHECK_EQ(events_for(other, "/t/b", "w"), 1);
	/* The transaction is gone. */
	CHECK_ERR(end(dom0, tx, "T"), "ENOENT");
	CHECK_ERR(rqs(dom0, XS_READ, tx, "/t/a", NULL), "ENOENT");
}

static void test_abort(void)
{
	uint32_t tx = start(dom0);

	CHECK_OK(rqs(other, XS_WATCH, 0, "/t", "w", NULL));
	events_clear();
	CHECK_OK(xs_write_tx(dom0, tx, "/t/a", "tx"));
	CHECK_OK(rqs(dom0, XS_RM, tx, "/t", NULL));
	CHECK_OK(end(dom0, tx, "F"));
	CHECK_VALUE(xs_read(other, "/t/a"), "1");
	CHECK_VALUE(xs_read(other, "/t/b"), "2");
	CHECK_EQ(events_on(other), 0);
	CHECK_ERR(end(dom0, tx, "F"), "ENOENT");
}

static void test_conflicts(void)
{
	uint32_t tx;

	/* What it read changed: EAGAIN, nothing applied. */
	tx = start(dom0);
	CHECK_VALUE(rqs(dom0, XS_READ, tx, "/t/a", NULL), "1");
	CHECK_OK(xs_write_tx(dom0, tx, "/t/b", "from-tx"));
	CHECK_OK(xs_write(other, "/t/a", "changed"));
	CHECK_ERR(end(dom0, tx, "T"), "EAGAIN");
	CHECK_VALUE(xs_read(other, "/t/b"), "2");
	/* What it wrote changed. */
	tx = start(dom0);
	CHECK_OK(xs_write_tx(dom0, tx, "/t/b", "from-tx"));
	CHECK_OK(xs_write(other, "/t/b", "other"));
	CHECK_ERR(end(dom0, tx, "T"), "EAGAIN");
	CHECK_VALUE(xs_read(other, "/t/b"), "other");
	/* What it found missing was created. */
	tx = start(dom0);
	CHECK_ERR(rqs(dom0, XS_READ, tx, "/t/c", NULL), "ENOENT");
	CHECK_OK(xs_write(other, "/t/c", "new"));
	CHECK_ERR(end(dom0, tx, "T"), "EAGAIN");
	/* What it read was removed. */
	tx = start(dom0);
	CHECK_VALUE(rqs(dom0, XS_READ, tx, "/t/c", NULL), "new");
	CHECK_OK(rqs(other, XS_RM, 0, "/t/c", NULL));
	CHECK_ERR(end(dom0, tx, "T"), "EAGAIN");
	/* A sibling added under a directory it listed. */
	tx = start(dom0);
	CHECK(rqs(dom0, XS_DIRECTORY, tx, "/t", NULL) == XS_DIRECTORY);
	CHECK_OK(xs_write(other, "/t/d", "x"));
	CHECK_ERR(end(dom0, tx, "T"), "EAGAIN");
	/* Changes elsewhere do not conflict. */
	tx = start(dom0);
	CHECK_VALUE(rqs(dom0, XS_READ, tx, "/t/a", NULL), "changed");
	CHECK_OK(xs_write_tx(dom0, tx, "/t/a", "again"));
	CHECK_OK(xs_write(other, "/elsewhere", "x"));
	CHECK_OK(end(dom0, tx, "T"));
	CHECK_VALUE(xs_read(other, "/t/a"), "again");
	/* Two transactions touching the same node: the second loses. */
	{
		uint32_t t1 = start(dom0), t2 = start(other);

		CHECK(rqs(dom0, XS_READ, t1, "/t/a", NULL) == XS_READ);
		CHECK(rqs(other, XS_READ, t2, "/t/a", NULL) == XS_READ);
		CHECK_OK(xs_write_tx(dom0, t1, "/t/a", "t1"));
		CHECK_OK(xs_write_tx(other, t2, "/t/a", "t2"));
		CHECK_OK(end(dom0, t1, "T"));
		CHECK_ERR(end(other, t2, "T"), "EAGAIN");
		CHECK_VALUE(xs_read(other, "/t/a"), "t1");
	}
}

static void test_rules(void)
{
	uint32_t tx = start(dom1), ids[16];
	unsigned int i;

	/* No nesting, bad END arguments, other connections' ids. */
	CHECK_ERR(rqs(dom1, XS_TRANSACTION_START, tx, "", NULL), "EBUSY");
	CHECK_ERR(rqs(dom1, XS_TRANSACTION_START, tx + 100, "", NULL),
		  "ENOENT");
	CHECK_ERR(end(dom1, tx, "X"), "EINVAL");
	CHECK_ERR(rq(dom1, XS_TRANSACTION_END, tx, "T", 1), "EINVAL");
	CHECK_ERR(end(dom1, 0, "T"), "ENOENT");
	CHECK_ERR(rqs(dom0, XS_READ, tx, "/t/a", NULL), "ENOENT");
	/* WATCH ignores tx_id. */
	CHECK_OK(rqs(dom1, XS_WATCH, tx + 100, "w", "t", NULL));
	CHECK_OK(end(dom1, tx, "F"));
	/* At most 10 open transactions per guest. */
	for (i = 0; i < 10; i++)
		ids[i] = start(dom1);
	CHECK_ERR(rqs(dom1, XS_TRANSACTION_START, 0, "", NULL), "ENOSPC");
	for (i = 0; i < 10; i++)
		CHECK(ids[i] != 0);
	CHECK_OK(end(dom1, ids[3], "F"));
	ids[3] = start(dom1);
	/* RESET_WATCHES ends them all. */
	CHECK_OK(rqs(dom1, XS_RESET_WATCHES, 0, "", NULL));
	CHECK_ERR(end(dom1, ids[0], "F"), "ENOENT");
	/* dom0 has no such limit. */
	for (i = 0; i < 16; i++)
		ids[i] = start(dom0);
	CHECK(ids[15] != 0);
}

static void test_quotas_in_transactions(void)
{
	char path[32];
	unsigned int i;
	uint32_t tx, type = XS_READ;

	/* A guest's transaction touches at most 1024 nodes. */
	for (i = 0; i < 40; i++) {
		snprintf(path, sizeof(path), "/t/n%u", i);
		CHECK_OK(rqs(dom0, XS_MKDIR, 0, path, NULL));
	}
	tx = start(dom1);
	for (i = 0; i < 1100 && type != XS_ERROR; i++) {
		snprintf(path, sizeof(path), "/t/missing%u", i);
		type = rqs(dom1, XS_READ, tx, path, NULL);
		if (type == XS_ERROR && !strcmp(reply.data, "EACCES"))
			type = XS_READ;
	}
	CHECK(is_err(type, "ENOSPC"));
	CHECK_OK(end(dom1, tx, "F"));
	/* Nodes per domain, counted at commit. */
	tx = start(dom1);
	type = XS_WRITE;
	for (i = 0; i < 1100 && type == XS_WRITE; i++) {
		snprintf(path, sizeof(path), "q/%u/%u", i / 32, i % 32);
		type = xs_write_tx(dom1, tx, path, "");
	}
	CHECK(is_err(type, "ENOSPC"));
	CHECK_OK(end(dom1, tx, "F"));
	/* Two transactions each under the quota, over it together. */
	CHECK_OK(xs_write(dom1, "x", ""));
	CHECK_OK(xs_write(dom1, "y", ""));
	{
		uint32_t t1 = start(dom1), t2 = start(dom1);

		for (i = 0; i < 600; i++) {
			snprintf(path, sizeof(path), "x/%u/%u", i / 32,
				 i % 32);
			CHECK_OK(xs_write_tx(dom1, t1, path, ""));
			snprintf(path, sizeof(path), "y/%u/%u", i / 32,
				 i % 32);
			CHECK_OK(xs_write_tx(dom1, t2, path, ""));
		}
		CHECK_OK(end(dom1, t1, "T"));
		CHECK_ERR(end(dom1, t2, "T"), "ENOSPC");
	}
}

int main(int argc, char **argv)
{
	static void (*const tests[])(void) = {
		test_isolation_and_commit, test_abort, test_conflicts,
		test_rules, test_quotas_in_transactions,
	};

	(void)argc;
	return run_tests(tests, sizeof(tests) / sizeof(tests[0]), setup,
			 teardown, argv[0]);
}
