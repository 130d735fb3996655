package main

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is every setting, decoded once from defaults < config.yaml < BRIEFSEARCH_* env < flags.
// config.yaml at the repository root documents each key.
type Config struct {
	Archive   string        `mapstructure:"archive"`   // "" = none: index, add and watching need one
	Index     string        `mapstructure:"index"`     // default: the user data folder (defaultIndex)
	Gazetteer string        `mapstructure:"gazetteer"` // a path, "builtin" or "none" ("" = none)
	Glossary  string        `mapstructure:"glossary"`  // a path, "builtin" or "none" ("" = none)
	CacheDir  string        `mapstructure:"cache_dir"` // compiled PDF engine; "" = none
	Watch     WatchConfig   `mapstructure:"watch"`
	Server    ServerConfig  `mapstructure:"server"`
	Search    SearchConfig  `mapstructure:"search"`
	Replica   ReplicaConfig `mapstructure:"replica"`
	Log       LogConfig     `mapstructure:"log"`
}

// ReplicaConfig makes serve a read-only replica of a writer's index (see package replica).
type ReplicaConfig struct {
	Source    string        `mapstructure:"source"`     // the writer's index root as rsync names it; "" = not a replica
	Interval  time.Duration `mapstructure:"interval"`   // how often to ask it for a new generation
	Timeout   time.Duration `mapstructure:"timeout"`    // one transfer at most
	Rsync     string        `mapstructure:"rsync"`      // the rsync program
	RsyncArgs []string      `mapstructure:"rsync_args"` // added to every rsync call, e.g. ["-e", "ssh -i /etc/briefsearch/key"]
}

// WatchConfig is how serve follows its archive folder.
type WatchConfig struct {
	Enabled  bool          `mapstructure:"enabled"`
	Rescan   time.Duration `mapstructure:"rescan"` // full rescan interval, for file systems that lose events
	Settle   time.Duration `mapstructure:"settle"` // how long a file must stay unchanged before it is read
	MaxBuild time.Duration `mapstructure:"max_build"`
}

// ServerConfig is the HTTP server's.
type ServerConfig struct {
	Addr              string        `mapstructure:"addr"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	ShutdownTimeout   time.Duration `mapstructure:"shutdown_timeout"`
	DrainDelay        time.Duration `mapstructure:"drain_delay"` // not ready, still serving, before shutting down
	MaxBodyBytes      int64         `mapstructure:"max_body_bytes"`
	MaxConcurrent     int           `mapstructure:"max_concurrent"` // requests using the index at once; 0 = 2 per CPU core
	MaxQueue          int           `mapstructure:"max_queue"`      // requests waiting for the index; 0 = 1024
	RateLimit         float64       `mapstructure:"rate_limit"`     // requests per second per client; 0 = off
	RateBurst         int           `mapstructure:"rate_burst"`
	// RateLimitExemptLoopback: a client on this host (peer 127.0.0.1/::1, no forwarding
	// header) is not rate limited, so a local script paging through the API never meets 429.
	RateLimitExemptLoopback bool     `mapstructure:"rate_limit_exempt_loopback"`
	TrustedProxies          []string `mapstructure:"trusted_proxies"` // CIDRs whose X-Forwarded-For is believed
	AdminToken              string   `mapstructure:"admin_token"`     // empty = admin routes off
	UploadMaxBytes          int64    `mapstructure:"upload_max_bytes"`
	PublicURL               string   `mapstructure:"public_url"` // citations' and feeds' URLs; "" = http://<addr>
}

// PublicBase is the base of the absolute URLs in citations and feeds: server.public_url, or
// http://<server.addr> when none is set (the serve command and the cite command agree).
func (s ServerConfig) PublicBase() string {
	if s.PublicURL != "" {
		return strings.TrimRight(s.PublicURL, "/")
	}
	return "http://" + s.Addr
}

// SearchConfig bounds every search.
type SearchConfig struct {
	Timeout     time.Duration `mapstructure:"timeout"`
	LockTimeout time.Duration `mapstructure:"lock_timeout"` // how long an index open waits for its lock
	QueryCache  int           `mapstructure:"query_cache"`  // results of queries kept per generation; 0 = none
}

// LogConfig chooses the log format and level.
type LogConfig struct {
	Level  string `mapstructure:"level"`  // debug, info, warn, error
	Format string `mapstructure:"format"` // text or json
}

// defaults lists every key: viper only lets env vars override keys it knows.
var defaults = map[string]any{
	"archive":                           "",
	"index":                             "", // defaultIndex(), when there is no config file to say
	"gazetteer":                         builtinLexicon,
	"glossary":                          builtinLexicon,
	"cache_dir":                         "", // defaultCacheDir()
	"watch.enabled":                     true,
	"watch.rescan":                      "60s",
	"watch.settle":                      "500ms",
	"watch.max_build":                   "30m",
	"server.addr":                       "127.0.0.1:8080",
	"server.read_header_timeout":        "5s",
	"server.read_timeout":               "10s",
	"server.write_timeout":              "30s",
	"server.idle_timeout":               "60s",
	"server.shutdown_timeout":           "10s",
	"server.drain_delay":                "0s",
	"server.max_body_bytes":             65536,
	"server.max_concurrent":             0,
	"server.max_queue":                  1024,
	"server.rate_limit":                 50.0,
	"server.rate_burst":                 100,
	"server.rate_limit_exempt_loopback": true,
	"server.trusted_proxies":            []string{},
	"server.admin_token":                "",
	"server.public_url":                 "",
	"server.upload_max_bytes":           64 << 20,
	"search.timeout":                    "2s",
	"search.lock_timeout":               "5s",
	"search.query_cache":                256,
	"replica.source":                    "",
	"replica.interval":                  "2s",
	"replica.timeout":                   "10m",
	"replica.rsync":                     "rsync",
	"replica.rsync_args":                []string{},
	"log.level":                         "info",
	"log.format":                        "text",
}

// flagKeys maps command-line flags to config keys; a flag wins only when set.
var flagKeys = map[string]string{
	"archive":   "archive",
	"index":     "index",
	"addr":      "server.addr",
	"gazetteer": "gazetteer",
	"glossary":  "glossary",
	"watch":     "watch.enabled",
	"replicate": "replica.source",
}

// pathKeys are the keys that name files or folders: in a config file, a relative path is
// relative to the file's folder (and ~ is the home folder), so a config works from anywhere.
var pathKeys = []string{"archive", "index", "gazetteer", "glossary", "cache_dir"}

// loadConfig decodes the config for cmd: defaults, then the config file, env and set flags.
func loadConfig(cmd *cobra.Command) (Config, error) {
	v := viper.New()
	for k, d := range defaults {
		v.SetDefault(k, d)
	}
	v.SetEnvPrefix("BRIEFSEARCH")
	v.SetEnvKeyReplacer(strings.NewReplacer(".", "_"))
	v.AutomaticEnv()

	var err error
	path, _ := cmd.Flags().GetString("config")
	if path == "" {
		path = os.Getenv("BRIEFSEARCH_CONFIG")
	}
	if path != "" {
		v.SetConfigFile(path)
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("reading config %s: %w", path, err)
		}
	} else if _, err := os.Stat("config.yaml"); err == nil {
		v.SetConfigFile("config.yaml")
		if err := v.ReadInConfig(); err != nil {
			return Config{}, fmt.Errorf("reading config config.yaml: %w", err)
		}
	}
	var bindErr error
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if key, ok := flagKeys[f.Name]; ok && f.Changed {
			if err := v.BindPFlag(key, f); err != nil {
				bindErr = err
			}
		}
	})
	if bindErr != nil {
		return Config{}, bindErr
	}
	if file := v.ConfigFileUsed(); file != "" {
		for _, key := range pathKeys {
			if f := cmd.Flags().Lookup(key); f != nil && f.Changed || os.Getenv(envName(key)) != "" || !v.InConfig(key) {
				continue
			}
			v.Set(key, configRelative(file, v.GetString(key)))
		}
	}
	var cfg Config
	if err := v.Unmarshal(&cfg); err != nil {
		return Config{}, fmt.Errorf("decoding config: %w", err)
	}
	if cfg.Index == "" {
		if cfg.Index, err = defaultIndex(); err != nil {
			return Config{}, err
		}
	}
	if !v.InConfig("cache_dir") && os.Getenv(envName("cache_dir")) == "" {
		cfg.CacheDir = defaultCacheDir()
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return cfg, nil
}

// Validate refuses settings that are unsafe or meaningless.
func (c Config) Validate() error {
	var errs []error
	if c.Index == "" {
		errs = append(errs, errors.New("index: must name a folder"))
	}
	if _, _, err := net.SplitHostPort(c.Server.Addr); err != nil {
		errs = append(errs, fmt.Errorf("server.addr %q: %v", c.Server.Addr, err))
	}
	for _, d := range []struct {
		key string
		val time.Duration
	}{
		{"server.read_header_timeout", c.Server.ReadHeaderTimeout},
		{"server.read_timeout", c.Server.ReadTimeout},
		{"server.write_timeout", c.Server.WriteTimeout},
		{"server.idle_timeout", c.Server.IdleTimeout},
		{"search.timeout", c.Search.Timeout},
		{"search.lock_timeout", c.Search.LockTimeout},
	} {
		if d.val <= 0 {
			errs = append(errs, fmt.Errorf("%s: must be positive, got %s", d.key, d.val))
		}
	}
	if c.Watch.Enabled && (c.Watch.Rescan <= 0 || c.Watch.Settle < 0 || c.Watch.MaxBuild <= 0) {
		errs = append(errs, errors.New("watch: rescan and max_build must be positive, settle not negative"))
	}
	if u := c.Server.PublicURL; u != "" {
		if pu, err := url.Parse(u); err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" || pu.RawQuery != "" || pu.Fragment != "" {
			errs = append(errs, fmt.Errorf("server.public_url %q: must be an http or https URL with a host, such as https://briefs.example.org", u))
		}
	}
	if c.Server.UploadMaxBytes < 0 || c.Server.UploadMaxBytes > 1<<30 {
		errs = append(errs, fmt.Errorf("server.upload_max_bytes: must be in 0..1073741824, got %d", c.Server.UploadMaxBytes))
	}
	if c.Server.MaxBodyBytes <= 0 || c.Server.MaxBodyBytes > 16<<20 {
		errs = append(errs, fmt.Errorf("server.max_body_bytes: must be in 1..16777216, got %d", c.Server.MaxBodyBytes))
	}
	if c.Search.QueryCache < 0 {
		errs = append(errs, fmt.Errorf("search.query_cache: must be 0 (off) or more, got %d", c.Search.QueryCache))
	}
	if c.Server.MaxConcurrent < 0 {
		errs = append(errs, fmt.Errorf("server.max_concurrent: must be 0 (2 per CPU core) or more, got %d", c.Server.MaxConcurrent))
	}
	if c.Server.MaxQueue < 0 {
		errs = append(errs, fmt.Errorf("server.max_queue: must be 0 (1024) or more, got %d", c.Server.MaxQueue))
	}
	if c.Server.RateLimit < 0 || (c.Server.RateLimit > 0 && c.Server.RateBurst <= 0) {
		errs = append(errs, errors.New("server.rate_limit/rate_burst: rate must be >= 0 and burst > 0 when rate is on"))
	}
	for _, cidr := range c.Server.TrustedProxies {
		if _, _, err := net.ParseCIDR(cidr); err != nil {
			errs = append(errs, fmt.Errorf("server.trusted_proxies: %q is not a CIDR", cidr))
		}
	}
	if c.Server.DrainDelay < 0 || c.Server.DrainDelay > time.Minute {
		errs = append(errs, fmt.Errorf("server.drain_delay: must be in 0s..1m, got %s", c.Server.DrainDelay))
	}
	if c.Replica.Source != "" && (c.Replica.Interval <= 0 || c.Replica.Timeout <= 0 || c.Replica.Rsync == "") {
		errs = append(errs, errors.New("replica: interval and timeout must be positive and rsync name a program"))
	}
	if t := c.Server.AdminToken; t != "" && len(t) < 32 {
		errs = append(errs, errors.New("server.admin_token: must be at least 32 characters (or empty to disable admin routes)"))
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("log.format: %q is neither text nor json", c.Log.Format))
	}
	return errors.Join(errs...)
}
