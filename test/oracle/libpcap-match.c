/*
 * libpcap-match: libpcap's own decisions, for the tests to compare with.
 *
 *   libpcap-match -c EXPR          compile only: exit 0, or exit 2 with libpcap's message
 *   libpcap-match FILE EXPR        print the 1-based indices of the frames of FILE
 *                                  that EXPR matches, on one line
 *
 * Expressions are compiled as tcpdump does for Ethernet: optimizer on, netmask
 * unknown, on a dead DLT_EN10MB handle; matching uses pcap_offline_filter.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>

static int compile(pcap_t *p, const char *expr, struct bpf_program *prog)
{
	if (pcap_compile(p, prog, expr, 1, PCAP_NETMASK_UNKNOWN) != 0) {
		fprintf(stderr, "%s\n", pcap_geterr(p));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct bpf_program prog;

	if (argc == 3 && strcmp(argv[1], "-c") == 0) {
		pcap_t *dead = pcap_open_dead(DLT_EN10MB, 262144);
		if (!dead || compile(dead, argv[2], &prog) != 0)
			return 2;
		pcap_freecode(&prog);
		pcap_close(dead);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: libpcap-match -c EXPR | libpcap-match FILE EXPR\n");
		return 1;
	}
	pcap_t *in = pcap_open_offline(argv[1], err);
	if (!in) {
		fprintf(stderr, "%s: %s\n", argv[1], err);
		return 1;
	}
	if (compile(in, argv[2], &prog) != 0)
		return 2;
	struct pcap_pkthdr *hdr;
	const u_char *data;
	int rc;
	unsigned long index = 0;
	const char *sep = "";
	while ((rc = pcap_next_ex(in, &hdr, &data)) == 1) {
		index++;
		if (pcap_offline_filter(&prog, hdr, data)) {
			printf("%s%lu", sep, index);
			sep = " ";
		}
	}
	printf("\n");
	if (rc == PCAP_ERROR) {
		fprintf(stderr, "%s: %s\n", argv[1], pcap_geterr(in));
		return 1;
	}
	pcap_freecode(&prog);
	pcap_close(in);
	return 0;
}
