/*
 * xenstored: the node requests, permissions and per-domain quotas.
 */
#include <stdio.h>
#include "xenstore_util.h"

static struct xs_daemon *xs;
static struct xs_conn *dom0, *dom1, *dom2;

static void setup(void)
{
	xs = xs_daemon_create(NULL, NULL);
	CHECK(xs != NULL);
	dom0 = xs_conn_create_dom0(xs);
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain", NULL));
	dom1 = introduce(xs, dom0, 1);
	dom2 = introduce(xs, dom0, 2);
	CHECK(dom1 && dom2);
	/* As the toolstack does: each domain's home, dom0 owning it. */
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/1", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/1", "n1", NULL));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/local/domain/2", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/local/domain/2", "n2", NULL));
}

static void teardown(void)
{
	xs_daemon_destroy(xs);
}

static void test_read_write(void)
{
	CHECK_REPLY(xs_write(dom0, "/a/b/c", "hello"), XS_WRITE, "OK");
	CHECK_VALUE(xs_read(dom0, "/a/b/c"), "hello");
	CHECK_VALUE(xs_read(dom0, "/a/b"), "");
	CHECK_VALUE(xs_read(dom0, "/a"), "");
	CHECK_OK(xs_write(dom0, "/a/b/c", ""));
	CHECK_VALUE(xs_read(dom0, "/a/b/c"), "");
	/* Binary values, NULs included, come back as written. */
	CHECK_OK(rq(dom0, XS_WRITE, 0, "/bin\0x\0y\0", 9));
	CHECK(is_reply(xs_read(dom0, "/bin"), XS_READ, "x\0y\0", 4));
	CHECK_ERR(xs_read(dom0, "/nope"), "ENOENT");
	CHECK_ERR(xs_read(dom0, "/a/b/c/d"), "ENOENT");
	CHECK(reply.hdr.req_id == 77);
}

static void test_mkdir_rm_directory(void)
{
	CHECK_OK(xs_write(dom0, "/d/x", "1"));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/d/y/z", NULL));
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/d/x", NULL));
	CHECK_VALUE(xs_read(dom0, "/d/x"), "1");	/* left alone */
	CHECK_REPLY(rqs(dom0, XS_DIRECTORY, 0, "/d", NULL), XS_DIRECTORY,
		    "x\0y");
	CHECK(rqs(dom0, XS_DIRECTORY, 0, "/d/x", NULL) == XS_DIRECTORY);
	CHECK(reply.hdr.len == 0);
	CHECK_OK(rqs(dom0, XS_RM, 0, "/d/y", NULL));
	CHECK_ERR(xs_read(dom0, "/d/y/z"), "ENOENT");
	CHECK_REPLY(rqs(dom0, XS_DIRECTORY, 0, "/d", NULL), XS_DIRECTORY,
		    "x");
	/* A missing node is fine to remove if its parent exists. */
	CHECK_OK(rqs(dom0, XS_RM, 0, "/d/y", NULL));
	CHECK_ERR(rqs(dom0, XS_RM, 0, "/d/y/z", NULL), "ENOENT");
	CHECK_ERR(rqs(dom0, XS_RM, 0, "/", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_DIRECTORY, 0, "/nope", NULL), "ENOENT");
}

static void test_directory_part(void)
{
	char name[64], *p, gen[XENSTORE_PAYLOAD_MAX + 1];
	unsigned int i, total = 0, off = 0, parts = 0;

	for (i = 0; i < 400; i++) {
		snprintf(name, sizeof(name), "/big/child-with-a-long-name-%03u",
			 i);
		CHECK_OK(rqs(dom0, XS_MKDIR, 0, name, NULL));
	}
	/* 400 * 31 bytes: too long for one reply. */
	CHECK_ERR(rqs(dom0, XS_DIRECTORY, 0, "/big", NULL), "E2BIG");
	gen[0] = '\0';
	for (;;) {
		char offs[16];

		snprintf(offs, sizeof(offs), "%u", off);
		CHECK(rqs(dom0, XS_DIRECTORY_PART, 0, "/big", offs, NULL) ==
		      XS_DIRECTORY_PART);
		parts++;
		if (!gen[0])
			strcpy(gen, reply.data);
		CHECK(!strcmp(gen, reply.data));
		p = reply.data + strlen(reply.data) + 1;
		while (p < reply.data + reply.hdr.len && *p) {
			snprintf(name, sizeof(name),
				 "child-with-a-long-name-%03u", total);
			CHECK(!strcmp(p, name));
			off += strlen(p) + 1;
			p += strlen(p) + 1;
			total++;
		}
		if (p < reply.data + reply.hdr.len || parts > 10)
			break;	/* the empty name: the end */
	}
	CHECK_EQ(total, 400);
	CHECK(parts >= 3);
	/* Past the end: generation and the empty name. */
	CHECK(rqs(dom0, XS_DIRECTORY_PART, 0, "/big", "99999", NULL) ==
	      XS_DIRECTORY_PART);
	CHECK_EQ(reply.hdr.len, strlen(gen) + 2);
	CHECK_ERR(rqs(dom0, XS_DIRECTORY_PART, 0, "/big", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_DIRECTORY_PART, 0, "/big", "x", NULL),
		  "EINVAL");
	/* A change gives a new generation. */
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/big/new", NULL));
	rqs(dom0, XS_DIRECTORY_PART, 0, "/big", "0", NULL);
	CHECK(strcmp(gen, reply.data));
}

static void test_relative_paths(void)
{
	CHECK_OK(xs_write(dom1, "data/x", "rel"));
	CHECK_VALUE(xs_read(dom0, "/local/domain/1/data/x"), "rel");
	CHECK_VALUE(xs_read(dom1, "/local/domain/1/data/x"), "rel");
	CHECK_REPLY(rqs(dom1, XS_GET_DOMAIN_PATH, 0, "1", NULL),
		    XS_GET_DOMAIN_PATH, "/local/domain/1");
	CHECK_REPLY(rqs(dom0, XS_GET_DOMAIN_PATH, 0, "7", NULL),
		    XS_GET_DOMAIN_PATH, "/local/domain/7");
	CHECK_ERR(rqs(dom0, XS_GET_DOMAIN_PATH, 0, "x", NULL), "EINVAL");
	CHECK_OK(xs_write(dom0, "tool-rel", "0"));
	CHECK_VALUE(xs_read(dom0, "/local/domain/0/tool-rel"), "0");
}

static void test_permissions(void)
{
	/* A guest owns what it creates under its home. */
	CHECK_OK(xs_write(dom1, "secret", "s"));
	CHECK_REPLY(rqs(dom1, XS_GET_PERMS, 0, "secret", NULL), XS_GET_PERMS,
		    "n1");
	/* Another guest can neither read nor see it... */
	CHECK_ERR(xs_read(dom2, "/local/domain/1/secret"), "EACCES");
	CHECK_ERR(xs_read(dom2, "/local/domain/1/missing"), "EACCES");
	CHECK_ERR(xs_write(dom2, "/local/domain/1/secret", "x"), "EACCES");
	CHECK_ERR(rqs(dom2, XS_RM, 0, "/local/domain/1/secret", NULL),
		  "EACCES");
	CHECK_ERR(rqs(dom2, XS_DIRECTORY, 0, "/local/domain/1", NULL),
		  "EACCES");
	CHECK_ERR(rqs(dom2, XS_GET_PERMS, 0, "/local/domain/1/secret", NULL),
		  "EACCES");
	/* ...until the owner lets it read. */
	CHECK_OK(rqs(dom1, XS_SET_PERMS, 0, "secret", "n1", "r2", NULL));
	CHECK_VALUE(xs_read(dom2, "/local/domain/1/secret"), "s");
	CHECK_ERR(xs_write(dom2, "/local/domain/1/secret", "x"), "EACCES");
	CHECK_OK(rqs(dom1, XS_SET_PERMS, 0, "secret", "n1", "b2", NULL));
	CHECK_OK(xs_write(dom2, "/local/domain/1/secret", "x"));
	/* Writing does not make dom2 the owner. */
	CHECK_REPLY(rqs(dom0, XS_GET_PERMS, 0, "/local/domain/1/secret",
			NULL), XS_GET_PERMS, "n1\0b2");
	/* Not the owner: no SET_PERMS; the owner cannot give it away. */
	CHECK_ERR(rqs(dom2, XS_SET_PERMS, 0, "/local/domain/1/secret", "b2",
		      NULL), "EACCES");
	CHECK_ERR(rqs(dom1, XS_SET_PERMS, 0, "secret", "n2", NULL), "EPERM");
	/* The first entry is everyone else's access. */
	CHECK_OK(rqs(dom1, XS_SET_PERMS, 0, "secret", "r1", NULL));
	CHECK_VALUE(xs_read(dom2, "/local/domain/1/secret"), "x");
	/* Children inherit, with the creator as owner. */
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, "/shared", NULL));
	CHECK_OK(rqs(dom0, XS_SET_PERMS, 0, "/shared", "n0", "b1", "r2",
		     NULL));
	CHECK_OK(xs_write(dom1, "/shared/from1", "v"));
	CHECK_REPLY(rqs(dom0, XS_GET_PERMS, 0, "/shared/from1", NULL),
		    XS_GET_PERMS, "n1\0b1\0r2");
	CHECK_VALUE(xs_read(dom2, "/shared/from1"), "v");
	CHECK_ERR(xs_write(dom2, "/shared/from2", "v"), "EACCES");
	CHECK_OK(xs_write(dom0, "/shared/from0", "v"));
	CHECK_REPLY(rqs(dom0, XS_GET_PERMS, 0, "/shared/from0", NULL),
		    XS_GET_PERMS, "n0\0b1\0r2");
	/* Missing under a readable parent: ENOENT, not EACCES. */
	CHECK_ERR(xs_read(dom2, "/shared/none"), "ENOENT");
	/* dom0 reads everything; bad permission strings are EINVAL. */
	CHECK_VALUE(xs_read(dom0, "/local/domain/1/secret"), "x");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "/shared", "x0", NULL),
		  "EINVAL");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "/shared", "r", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "/shared", "r99999", NULL),
		  "EINVAL");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "/shared", NULL), "EINVAL");
	CHECK_ERR(rqs(dom0, XS_SET_PERMS, 0, "/nope", "n0", NULL), "ENOENT");
	/* Only dom0 may create at the top. */
	CHECK_ERR(xs_write(dom1, "/top", "x"), "EACCES");
}

static void test_target(void)
{
	CHECK_OK(xs_write(dom2, "private", "p"));
	CHECK_ERR(xs_read(dom1, "/local/domain/2/private"), "EACCES");
	CHECK_ERR(rqs(dom0, XS_SET_TARGET, 0, "1", "9", NULL), "ENOENT");
	CHECK_ERR(rqs(dom1, XS_SET_TARGET, 0, "1", "2", NULL), "EACCES");
	CHECK_OK(rqs(dom0, XS_SET_TARGET, 0, "1", "2", NULL));
	/* dom1 now acts for dom2 on dom2's nodes. */
	CHECK_VALUE(xs_read(dom1, "/local/domain/2/private"), "p");
	CHECK_OK(rqs(dom1, XS_SET_PERMS, 0, "/local/domain/2/private", "n2",
		     "r1", NULL));
}

static void test_node_quotas(void)
{
	char big[3000], path[64];
	unsigned int i;
	uint32_t type = XS_WRITE;

	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	/* Node size: a guest's node stays below 2048 bytes... */
	big[2100] = '\0';
	CHECK_ERR(xs_write(dom1, "big", big), "ENOSPC");
	big[1000] = '\0';
	CHECK_OK(xs_write(dom1, "big", big));
	/* ...dom0's does not. */
	big[1000] = 'v';
	CHECK_OK(xs_write(dom0, "/local/domain/1/big", big));
	/* At most 5 permission entries from a guest. */
	CHECK_ERR(rqs(dom1, XS_SET_PERMS, 0, "big", "n1", "r2", "r3", "r4",
		      "r5", "r6", NULL), "ENOSPC");
	CHECK_OK(rqs(dom1, XS_SET_PERMS, 0, "big", "n1", "r2", "r3", "r4",
		     "r5", NULL));
	/* A node's children list counts too. */
	for (i = 0; i < 1000 && type == XS_WRITE; i++) {
		snprintf(path, sizeof(path), "wide/%u", i);
		type = xs_write(dom2, path, "");
	}
	CHECK(is_err(type, "ENOSPC"));
	CHECK(i > 500 && i < 600);
	CHECK_OK(rqs(dom2, XS_RM, 0, "wide", NULL));
	/* Nodes per domain: 1000 in all. */
	for (i = 0, type = XS_WRITE; i < 1100 && type == XS_WRITE; i++) {
		snprintf(path, sizeof(path), "many/%u/%u", i / 32, i % 32);
		type = xs_write(dom2, path, "");
	}
	CHECK(is_err(type, "ENOSPC"));
	CHECK(rqs(dom0, XS_CONTROL, 0, "quota", "2", NULL) == XS_CONTROL);
	CHECK(strstr(reply.data, "nodes: 1000\n") != NULL);
	/* dom0 can still write for it; removing frees the quota. */
	CHECK_OK(xs_write(dom0, "/local/domain/2/many/dom0", ""));
	CHECK_OK(rqs(dom2, XS_RM, 0, "many", NULL));
	CHECK_OK(xs_write(dom2, "many/again", ""));
}

static void test_hostile_payloads(void)
{
	char path[4000];

	/* Missing NUL, extra strings, empty payloads. */
	CHECK_ERR(rq(dom1, XS_READ, 0, "data", 4), "EINVAL");
	CHECK_ERR(rq(dom1, XS_READ, 0, "a\0b\0", 4), "EINVAL");
	CHECK_ERR(rq(dom1, XS_READ, 0, "", 0), "EINVAL");
	CHECK_ERR(rq(dom1, XS_WRITE, 0, "data", 4), "EINVAL");
	CHECK_ERR(rq(dom1, XS_MKDIR, 0, "", 0), "EINVAL");
	CHECK_ERR(rq(dom1, XS_RM, 0, "x", 1), "EINVAL");
	CHECK_ERR(rq(dom1, XS_DIRECTORY, 0, "", 1), "EINVAL");
	CHECK_ERR(rq(dom1, XS_GET_PERMS, 0, "\0\0\0", 3), "EINVAL");
	CHECK_ERR(rq(dom1, XS_SET_PERMS, 0, "data", 4), "EINVAL");
	/* Bad names. */
	CHECK_ERR(xs_write(dom1, "a//b", "x"), "EINVAL");
	CHECK_ERR(xs_write(dom1, "a/", "x"), "EINVAL");
	CHECK_ERR(xs_write(dom1, "a b", "x"), "EINVAL");
	CHECK_ERR(xs_write(dom1, "a\xff", "x"), "EINVAL");
	CHECK_ERR(xs_write(dom1, "a.b", "x"), "EINVAL");
	CHECK_ERR(xs_write(dom0, "//", "x"), "EINVAL");
	/*
	 * Too long: more than 2048 bytes below /local/domain/<id>/, or
	 * anywhere else (cxenstored's rule).
	 */
	memset(path, 'a', sizeof(path));
	path[2049] = '\0';
	CHECK_ERR(xs_write(dom1, path, "x"), "EINVAL");
	path[2048] = '\0';
	CHECK_ERR(xs_write(dom1, path, "x"), "ENOSPC");	/* node size */
	memset(path, 'a', sizeof(path));
	path[0] = '/';
	path[2049] = '\0';
	CHECK_ERR(xs_write(dom0, path, "x"), "EINVAL");
	/* Deep: a thousand levels fit the length limit. */
	for (unsigned int i = 0; i < 1020; i++) {
		path[2 * i] = '/';
		path[2 * i + 1] = 'd';
	}
	path[2040] = '\0';
	CHECK_OK(rqs(dom0, XS_MKDIR, 0, path, NULL));
	CHECK_OK(rqs(dom0, XS_RM, 0, "/d", NULL));
	CHECK_ERR(xs_read(dom0, "/d"), "ENOENT");
	/* Unknown, reply-only and removed types. */
	CHECK_ERR(rq(dom1, XS_TYPE_COUNT, 0, "", 0), "ENOSYS");
	CHECK_ERR(rq(dom1, 20, 0, "", 0), "ENOSYS");
	CHECK_ERR(rq(dom1, XS_WATCH_EVENT, 0, "", 0), "ENOSYS");
	CHECK_ERR(rq(dom1, XS_ERROR, 0, "", 0), "ENOSYS");
	CHECK_ERR(rq(dom1, 0xffffffff, 0, "", 0), "ENOSYS");
	/* A transaction that does not exist. */
	CHECK_ERR(rqs(dom1, XS_READ, 12345, "data", NULL), "ENOENT");
}

static void test_privileged_only(void)
{
	static const uint32_t priv[] = {
		XS_CONTROL, XS_INTRODUCE, XS_RELEASE,
		XS_IS_DOMAIN_INTRODUCED, XS_RESUME, XS_SET_TARGET,
	};
	unsigned int i;

	for (i = 0; i < sizeof(priv) / sizeof(priv[0]); i++)
		CHECK_ERR(rqs(dom1, priv[i], 0, "1", NULL), "EACCES");
}

static void test_control(void)
{
	CHECK_OK(rqs(dom0, XS_CONTROL, 0, "check", NULL));
	CHECK(rqs(dom0, XS_CONTROL, 0, "help", NULL) == XS_CONTROL);
	CHECK(strstr(reply.data, "quota") != NULL);
	CHECK(rqs(dom0, XS_CONTROL, 0, "quota", NULL) == XS_CONTROL);
	CHECK(strstr(reply.data, "nodes") != NULL);
	CHECK_OK(rqs(dom0, XS_CONTROL, 0, "quota", "set", "watches", "3",
		     NULL));
	CHECK_ERR(rqs(dom0, XS_CONTROL, 0, "quota", "set", "bogus", "3",
		      NULL), "EINVAL");
	CHECK(rqs(dom0, XS_CONTROL, 0, "quota", "1", NULL) == XS_CONTROL);
	CHECK(strstr(reply.data, "nodes: ") != NULL);
	CHECK_OK(rqs(dom0, XS_CONTROL, 0, "print", "hello", NULL));
	CHECK_ERR(rqs(dom0, XS_CONTROL, 0, "live-update", NULL), "EINVAL");
	CHECK_ERR(rq(dom0, XS_CONTROL, 0, "", 0), "EINVAL");
}

int main(int argc, char **argv)
{
	static void (*const tests[])(void) = {
		test_read_write, test_mkdir_rm_directory, test_directory_part,
		test_relative_paths, test_permissions, test_target,
		test_node_quotas, test_hostile_payloads, test_privileged_only,
		test_control,
	};

	(void)argc;
	return run_tests(tests, sizeof(tests) / sizeof(tests[0]), setup,
			 teardown, argv[0]);
}
