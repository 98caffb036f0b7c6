// Command talos-api-oracle serves a small part of the Talos machine API (Version, ServiceList, ApplyConfiguration)
// with Talos' own generated gRPC code and config loader, over mutual TLS on a loopback address. Tests point
// `tailtalos talos` at it to prove the client speaks the real wire protocol (the reverse of the talosctl contract
// suite). It writes the address it listens on to -ready-file and every applied config to -applied-dir.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"path/filepath"
	"sync"

	"github.com/siderolabs/talos/pkg/machinery/api/common"
	"github.com/siderolabs/talos/pkg/machinery/api/machine"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

type server struct {
	machine.UnimplementedMachineServiceServer

	hostname   string
	appliedDir string

	mu      sync.Mutex
	applies int
}

func (s *server) metadata() *common.Metadata {
	return &common.Metadata{Hostname: s.hostname}
}

func (s *server) Version(context.Context, *emptypb.Empty) (*machine.VersionResponse, error) {
	return &machine.VersionResponse{Messages: []*machine.Version{{
		Metadata: s.metadata(),
		Version: &machine.VersionInfo{
			Tag: "v1.10.4", Sha: "oracle", GoVersion: "go", Os: "linux", Arch: "amd64",
		},
		Platform: &machine.PlatformInfo{Name: "metal", Mode: "metal"},
		Features: &machine.FeaturesInfo{Rbac: true},
	}}}, nil
}

func (s *server) ServiceList(context.Context, *emptypb.Empty) (*machine.ServiceListResponse, error) {
	services := []*machine.ServiceInfo{}
	for _, id := range []string{"apid", "machined"} {
		services = append(services, &machine.ServiceInfo{
			Id: id, State: "Running",
			Health: &machine.ServiceHealth{Healthy: true, LastMessage: "Health check successful"},
		})
	}

	return &machine.ServiceListResponse{Messages: []*machine.ServiceList{{Metadata: s.metadata(), Services: services}}}, nil
}

// ApplyConfiguration loads the config with Talos' configloader (what machined does first) and keeps it.
func (s *server) ApplyConfiguration(_ context.Context, in *machine.ApplyConfigurationRequest) (*machine.ApplyConfigurationResponse, error) {
	cfg, err := configloader.NewFromBytes(in.GetData())
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "failed to parse config: %s", err)
	}

	if cfg.Machine() == nil {
		return nil, status.Error(codes.InvalidArgument, "the applied machine configuration doesn't contain v1alpha1 config")
	}

	if in.GetDryRun() {
		return &machine.ApplyConfigurationResponse{Messages: []*machine.ApplyConfiguration{{
			Metadata: s.metadata(), Mode: in.GetMode(),
			ModeDetails: "Dry run summary:\nApplied configuration without a reboot (skipped in dry-run).",
		}}}, nil
	}

	s.mu.Lock()
	s.applies++
	n := s.applies
	s.mu.Unlock()

	if s.appliedDir != "" {
		name := filepath.Join(s.appliedDir, fmt.Sprintf("applied-%d.yaml", n))
		if err := os.WriteFile(name, in.GetData(), 0o600); err != nil {
			return nil, status.Errorf(codes.Internal, "keeping the config: %s", err)
		}
	}

	return &machine.ApplyConfigurationResponse{Messages: []*machine.ApplyConfiguration{{
		Metadata: s.metadata(), Mode: machine.ApplyConfigurationRequest_NO_REBOOT,
		ModeDetails: fmt.Sprintf("Applied configuration without a reboot (machine type %s, hostname %q)",
			cfg.Machine().Type(), cfg.Machine().Network().Hostname()),
	}}}, nil
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on")
	caFile := flag.String("ca", "", "PEM CA that signs accepted client certificates")
	certFile := flag.String("cert", "", "PEM server certificate")
	keyFile := flag.String("key", "", "PEM server key")
	readyFile := flag.String("ready-file", "", "where to write the bound address once listening")
	appliedDir := flag.String("applied-dir", "", "directory for applied configs")
	hostname := flag.String("hostname", "oracle-1", "hostname reported in metadata")
	flag.Parse()

	host, _, err := net.SplitHostPort(*listen)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("-listen must be a loopback host:port, not %q", *listen)
	}

	pair, err := tls.LoadX509KeyPair(*certFile, *keyFile)
	if err != nil {
		log.Fatalf("loading the server certificate: %v", err)
	}

	caPEM, err := os.ReadFile(*caFile)
	if err != nil {
		log.Fatalf("reading the CA: %v", err)
	}

	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		log.Fatalf("%s holds no PEM certificate", *caFile)
	}

	creds := credentials.NewTLS(&tls.Config{
		Certificates: []tls.Certificate{pair},
		ClientCAs:    pool,
		ClientAuth:   tls.RequireAndVerifyClientCert,
		MinVersion:   tls.VersionTLS12,
	})

	lis, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatalf("listen: %v", err)
	}

	grpcServer := grpc.NewServer(grpc.Creds(creds))
	machine.RegisterMachineServiceServer(grpcServer, &server{hostname: *hostname, appliedDir: *appliedDir})

	if *readyFile != "" {
		if err := os.WriteFile(*readyFile+".tmp", []byte(lis.Addr().String()), 0o600); err != nil {
			log.Fatalf("ready file: %v", err)
		}

		if err := os.Rename(*readyFile+".tmp", *readyFile); err != nil {
			log.Fatalf("ready file: %v", err)
		}
	}

	if err := grpcServer.Serve(lis); err != nil {
		log.Fatalf("serve: %v", err)
	}
}
