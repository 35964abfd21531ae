/**
 * What each rule looks for, in one line for the Rules page and the alert drawer. Typed over every RuleId, so a
 * rule cannot be added without saying what it detects; the numbers live in the configuration, not here.
 */
import type { RuleId } from '../config';

export const RULE_SUMMARIES: Readonly<Record<RuleId, string>> = {
  burst: 'Request floods: more requests for pages and API endpoints from one client (or application, or user) than the threshold in the window',
  'asset-flood': 'Static-file floods: far more requests for css, js, images, fonts or media from one client than page loads make',
  scan: 'Endpoint scanning: many distinct endpoint templates from one client (static assets not counted)',
  'auth-abuse': 'Auth abuse: 401/403 answers and auth-failure events from one client, application or user',
  'slow-scan': 'Slow scanning: distinct endpoint templates answered 404, over a long window',
  'low-slow-stuffing': 'Low-and-slow credential stuffing: auth failures from one client spread over a long window',
  'not-found-ratio': "Most of a client's recent requests answered 404",
  enumeration: 'Object-id enumeration: many distinct ids under one endpoint template, or a run of consecutive ids',
  'distributed-stuffing': 'Credential stuffing from many IPs against one user or one login endpoint (keyed on the target)',
  'http-probing': 'Probing: distinct non-static paths answered 400/403/404/410',
  crawl: 'Aggressive crawling: distinct non-static pages from one client',
  'dos-random-uri': 'Layer-7 DoS with random URIs: many requests answered 404',
  'dos-cache-bypass': 'Layer-7 DoS busting caches: distinct query strings on one endpoint',
  'dos-ua-switching': 'Layer-7 DoS rotating user agents: distinct User-Agent strings from one client',
  'sensitive-files': 'Probes for dotfiles, backups, keys and dumps (.env, .git/, .htpasswd, *.sql …)',
  'path-traversal': 'Path traversal and file inclusion: ../ in any encoding, system files (/etc/passwd, win.ini)',
  'sqli-probing': 'SQL injection probes in the path, query or user agent (MongoDB operators too)',
  'xss-probing': 'Cross-site scripting probes in the path, query or user agent',
  'bad-user-agent': 'Offensive-tool user agents (nikto, sqlmap, nuclei, zgrab …)',
  'webshell-probe': 'Webshell and backdoor file probes (c99.php, *shell.php …)',
  'admin-probe': 'Admin-interface probes answered 400 or more (phpMyAdmin, /administrator …)',
  'cve-probe': 'Known exploit paths and payloads (Log4Shell, Shellshock, Laravel ignition, router CGIs, IIS worms …) and buffer-overflow filler',
  'open-proxy': 'Open-proxy attempts: CONNECT or absolute-URI requests',
  'wordpress-scan': 'WordPress paths answered 400 or more',
  'wordpress-user-enum': 'WordPress user enumeration: distinct ?author= values or /wp-json users calls',
  'wordpress-bruteforce': 'WordPress login brute force: POSTs to wp-login.php or xmlrpc.php',
  'wordpress-botnet': 'WordPress login brute force from a botnet: many IPs that do nothing but POST to one wp-login.php or xmlrpc.php (keyed on the endpoint)',
  'technology-probe': 'Product fingerprinting paths answered 400 or more (AEM, Struts, camera CGIs …)',
  w00tw00t: 'The w00tw00t / DFind scanner probes',
  'invalid-http-version': 'Requests with an HTTP version that does not exist (HTTP/1.2, HTTP/2.1 …)',
  'rce-probing': 'Code execution probes: chained OS commands, PHP / Java / Node code, template injection, __proto__, remote file inclusion',
  'ssrf-probing': 'Server-side request forgery: cloud metadata addresses, gopher:// file:// jar: URLs in parameters',
  'protocol-probe': "Requests that are not HTTP: another protocol's handshake (TLS, RDP, SSH, SOCKS), binary bytes, unknown methods",
};
