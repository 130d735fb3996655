// Package deploy holds what it takes to run briefsearch on more than one machine: the HAProxy
// configuration in front of read-only replicas (haproxy.cfg), and the test that runs it for
// real on loopback (cluster_test.go): a writer, three replicas that follow it with rsync,
// HAProxy, and load through rollouts, a kill -9, a SIGTERM and a corrupt transfer. Nothing
// here is imported; scripts/cluster-demo starts the same cluster by hand.
package deploy
