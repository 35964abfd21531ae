/**
 * Content signatures, written for this project from public knowledge of common probes. All patterns run on
 * LOWER-CASED text that has been percent-decoded (once and, for double encoding, twice) — see classify.ts.
 * Each family is one combined regex so a miss costs one scan of the string.
 */

/** Dotfiles and dot-directories (.env, .git/HEAD, .htpasswd …) except /.well-known/; backups, keys, dumps. */
export const SENSITIVE = new RegExp(
  [
    String.raw`(?:^|/)\.(?!well-known(?:/|$))[^./]`,
    String.raw`(?:^|/)(?:web\.config|wp-config\.php.+|config\.(?:php|inc|ini|json|ya?ml)\.(?:bak|old|orig|save|swp|txt|dist)|id_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?|authorized_keys|known_hosts|phpinfo\.php|info\.php|server\.key|private\.key|credentials(?:\.json|\.xml|\.txt)?|secrets?\.(?:json|ya?ml|txt)|docker-compose\.ya?ml|database\.yml|appsettings(?:\.\w+)?\.json|sftp-config\.json|web-inf/web\.xml)$`,
    String.raw`(?:^|/)[^/]*\.(?:bak|old|orig|save|swp|swo|sql|sqlite3?|mdb|dump|kdbx|pem|key|p12|pfx|jks)$`,
    String.raw`(?:^|/)[^/]+~$`,
    String.raw`(?:^|/)(?:backups?|bak|old|dump|db|database|site|www|wwwroot|htdocs|public_html|web|html|data|sql|mysql|home|archive|src|source|app)\.(?:zip|tar|tar\.gz|tgz|gz|bz2|rar|7z)$`,
  ].join('|'),
);

/**
 * ../ in any slash style (after decoding) but not `name../` (a dotted name, not a climb), Tomcat's ..;/, and
 * well-known system files and credential stores, as a path or inside a parameter.
 */
export const TRAVERSAL = new RegExp(
  [
    String.raw`(?<![\w-])\.\.;?[/\\]|[/\\]\.\.$`,
    String.raw`(?:^|[/\\=:\s])(?:etc/(?:passwd|shadow|group|hosts|issue|hostname|os-release|crontab|sudoers|subuid|subgid|my\.cnf|resolv\.conf|fstab|(?:apache2|httpd|nginx|mysql|ssh)/)|proc/(?:self|net|sys|version|cpuinfo|meminfo|mounts|interrupts|cmdline|environ)(?:/|$)|sys/(?:class|kernel|devices)(?:/|$)|windows/(?:win\.ini|system32)|win\.ini|boot\.ini|system32[/\\]|c:[/\\])`,
    String.raw`\.(?:ssh/(?:id_|authorized_keys)|aws/credentials|docker/config\.json|kube/config)`,
    String.raw`%c0%ae|%c1%9c|%e0%80%ae`,
  ].join('|'),
);

/**
 * SQL injection probes. Function names must not follow a letter (tolower( in OData is not SQLi); '+' counts
 * as a space where a path carries the payload. Also PostgreSQL casts (`)::int`, error-based), stacked
 * statements, and MongoDB operator injection (`?id[$ne]=1`), the NoSQL form APIs see.
 */
export const SQLI = new RegExp(
  [
    String.raw`union(?:[\s+]|/\*.*?\*/)+(?:all(?:[\s+]|/\*.*?\*/)+)?(?:distinct[\s+]+)?select`,
    String.raw`information_schema|sysobjects|pg_catalog|pg_sleep|mysql\.user|sqlite_master|@@version|xp_cmdshell|utl_http\.`,
    String.raw`(?<![a-z_])(?:sleep|benchmark|pg_sleep|load_file|extractvalue|updatexml|group_concat|substr|substring|ascii|char|chr|concat|concat_ws|md5|sha1|hex|unhex|upper|distinct|version|database|ifnull|utl_inaddr\.get_host_address|dbms_pipe\.receive_message|lo_get|lo_import|lo_export|unistr|json_build_object|jsonb_pretty)\s*\(`,
    String.raw`select\s*(?:char|chr|if)\s*\(|\|\|\s*(?:chr|char)\s*\(`,
    String.raw`waitfor\s+delay|exec(?:ute)?\s+(?:xp|sp)_|execute\s+immediate`,
    String.raw`'\s*(?:or|and|xor)\s+(?:'|"|\d|true|false)|'\s*(?:or|and|xor)\s*\(|(?<![a-z])(?:or|and)\s+(\d+)\s*=\s*\1(?!\d)`,
    String.raw`'\s*(?:--|#|/\*|;)|;\s*(?:drop|select|insert|update|delete|shutdown|exec|truncate|replace|create|alter|declare)(?:\s|/\*|\(|\[|$)|/\*!`,
    String.raw`\b(?:delete\s+from|insert\s+into|drop\s+table)\s+[\w.\x60"\[\]]+\s*(?:;|--|#|\()`,
    String.raw`,\s*null\s*,\s*null|order\s+by\s+\d+\s*(?:--|#)`,
    String.raw`['")a-z_]\s*::\s*(?:int|integer|text|bool|boolean|bigint|jsonb?|numeric|varchar|regclass)\b`,
    String.raw`\b(?:in|exists)\s*\(\s*select\b|\bexcept\s+(?:select|values)\b|\bhaving\s+count\s*\(`,
    String.raw`\[\s*\$(?:ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|not|expr|elemmatch|or|and)\s*\]|\{\s*"?\$(?:ne|gt|gte|lt|lte|regex|where|exists|nin|in)"?\s*:`,
  ].join('|'),
);

/**
 * Cross-site scripting probes: HTML tags that carry script, javascript: URLs, handlers (any on…= after a
 * space, quote or slash), alert/prompt, and the usual filter evasions (template-literal calls, UTF-7,
 * CSS expressions and bindings).
 */
export const XSS = new RegExp(
  [
    String.raw`<\s*/?\s*(?:script|img|svg|iframe|frame|frameset|body|input|table|object|embed|style|div|a|p|br|meta|link|form|details|video|audio|math|marquee|base|isindex|applet|xml|html|textarea|button|keygen|template|span|dialog)\b|<\s*[a-z]+:script|<\?import`,
    String.raw`(?:java|vb|live)script\s*:|url\s*\(\s*['"]?\s*(?:java|vb)script|-moz-binding|(?<![a-z])data\s*:\s*(?:text/html|,)`,
    String.raw`(?<![a-z])on(?:error|load|mouseover|mouseout|focus|blur|click|dblclick|submit|change|keydown|keyup|keypress|input|animationstart|toggle|pointerover|begin)\s*=|[\s"'\x60]on[a-z]{3,}\s*=|<[a-z]+/+on[a-z]{3,}\s*=`,
    String.raw`(?<![a-z_.])(?:alert|prompt|confirm)\s*[(\x60]|(?<![a-z_.])(?:settimeout|setinterval)\s*\(|\bnew\s+function\s*\(|\.(?:call|apply)\s*\x60|\$\{\s*(?:alert|eval|prompt|confirm)\b`,
    String.raw`document\s*\.\s*(?:cookie|domain|write)|fromcharcode|(?<![a-z_])eval\s*\(|expression\s*\(|&#x?0*(?:60|3c);?|\+adw-`,
  ].join('|'),
);

/**
 * Search-engine and other well-known crawlers, by the name their user agent gives. Anyone can send these
 * names: an alert only says that the agent claims one (a crawler is verified by a reverse DNS lookup of its
 * address, which an offline log reader cannot do), and a spoofed one is all the more suspicious.
 */
export const CRAWLER =
  /googlebot|google-inspectiontool|adsbot-google|bingbot|msnbot|bingpreview|yandex(?:bot|images|metrika)|baiduspider|duckduckbot|applebot|yahoo! slurp|seznambot|archive\.org_bot|ia_archiver|petalbot|sogou web spider|exabot|mj12bot|ahrefsbot|semrushbot|dotbot|ezooms|siteexplorer|facebookexternalhit|twitterbot|linkedinbot|bytespider|gptbot|claudebot|ccbot|amazonbot|qwantify/i;

/** Offensive-tool user agents. Deliberately no generic clients (curl, python-requests, Go): APIs are full of them. */
export const BAD_UA =
  /nikto|sqlmap|zgrab|masscan|nuclei|nmap|dirbuster|gobuster|\bdirb\b|wpscan|acunetix|netsparker|nessus|openvas|w3af|havij|hydra|fimap|jaeles|\bffuf\b|feroxbuster|wfuzz|whatweb|zmeu|morfeus|skipfish|arachni|appscan|webinspect|paros|sqlninja|pangolin|commix|xsser|joomscan|droopescan|cmsmap|l9explore|l9tcpid|fuzz faster u fool|interactsh|zmap|dotdotpwn|bsqlbf|webshag|brutus|ncrack|crimscanner|websploit|bbqsql|^grabber\/|blackwidow|nsauditor/;

/**
 * Payloads that are exploits wherever they appear (path, query, user agent): Log4Shell (also with the
 * `${` hidden behind HTML entities, as a bare `jndi:ldap:` remains), Shellshock, OGNL, ThinkPHP.
 */
export const EXPLOIT_PAYLOAD =
  /\$\{jndi:|jndi:(?:ldaps?|rmi|dns|iiop|corba|nds|nis):|\$\{(?:::-|lower:|upper:|env:|sys:|date:)|\(\)\s*\{\s*:?\s*;?\s*\}\s*;|%\{\s*\(\s*#|invokefunction|call_user_func_array|allow_url_include|auto_prepend_file|php:\/\/input/;

/**
 * Remote code execution probes: OS commands chained after `;`, `&&`, `||`, a backtick or `$(` (a lone `&` or
 * `|` separates parameters and fields, so a pipe needs an unambiguous command after it), shells and
 * download-and-run one-liners, PHP / Java / Node code, server-side template arithmetic (`{{7*7}}`), and
 * prototype pollution.
 */
export const RCE = new RegExp(
  [
    String.raw`(?:[;\x60]|&&|\|\||\$\()\s*\(?\s*(?:cat|ls|id|ps|env|pwd|whoami|uname|hostname|netstat|wget|curl|lwp-download|nc|ncat|netcat|bash|sh|zsh|ksh|python[23]?|perl|ruby|php|ping|nslookup|sleep|echo|rm|cp|mv|chmod|nohup|base64|awk|busybox|powershell|pwsh|iwr|iex|iwmi|cmd|mshta|wmic|rundll32|regsvr32|systeminfo|tasklist|ifconfig|ipconfig|tftp|telnet|certutil|bitsadmin)(?=$|[\s;|&<>\x60)'"])`,
    String.raw`\|\s*(?:whoami|uname\s|wget\s|curl\s|nc\s+-|bash\s|sh\s+-c|python[23]?\s+-c|perl\s+-e|ping\s+-[cn]|nslookup\s|busybox|powershell|cat\s+/)`,
    String.raw`/bin/(?:ba|z|da|k)?sh\b|\b(?:ba|z|da|k)?sh\s+-c\s|\$\{?shell\}?\s+-c\s|\|\s*(?:ba|z|da|k)?sh(?:\s|$)|\{,[\w$'"/?]|/\?{2,}\w*/|/dev/tcp/|cmd(?:\.exe)?\s+/c\s|powershell(?:\.exe)?\s+-|invoke-(?:webrequest|expression)|(?<![a-z])iex\s*\(|\bnc\s+-[a-z]*e\s|wget\s+https?:|curl\s+(?:-\S+\s+)*https?:|\bfor\s+(?:/[dfrl]\s+)*(?:"[^"]*"\s+)?%%?\w+\s+in\s*\(|@\{\s*\[`,
    String.raw`<\?(?:php|=)|\$_(?:server|get|post|cookie|request|env|files|session|globals)\b|(?<![a-z_])(?:base64_decode|call_user_func(?:_array)?|shell_exec|passthru|proc_open|popen|pcntl_exec|create_function|file_put_contents|file_get_contents|phpinfo|bzdecompress|gzinflate|str_rot13)\s*\(|\$\s*\{\s*['"$]|(?:^|[=;{])o:\d+:"[a-z_\\]+":\d+:\{|(?<![a-z_.])(?:system|assert|exec)\(\s*['"$\x60]`,
    String.raw`java\.lang\.(?:runtime|processbuilder|system)|getruntime\s*\(|processbuilder|class\.module\.classloader|#_memberaccess|@java\.lang|\.getclass\s*\(\s*\)\s*\.\s*forname|javax\.script`,
    String.raw`child_process|process\.mainmodule|require\s*\(\s*['"]?(?:fs|net|vm)['"]?\s*\)|_\$\$nd_func\$\$_|__js_function|__proto__|constructor\s*(?:\.|\[\s*['"]?)(?:prototype|constructor)`,
    String.raw`\{\{\s*\d+\s*[*+]\s*\d+\s*\}\}|[$#]\{\s*\d+\s*[*+]\s*\d+\s*\}|<%=?\s*\d+\s*[*+]\s*\d+\s*%>|__(?:class|globals|builtins|subclasses|mro)__`,
  ].join('|'),
);

/**
 * Remote file inclusion, the classic PHP kind: a URL ending in `?` (so that the suffix the script appends,
 * `.php`, becomes a harmless query of the attacker's file), or a URL handed to a parameter that old PHP
 * applications include from (mosConfig_absolute_path, _CONF[path], phpbb_root_path …). Runs on queries only.
 */
export const RFI = new RegExp(
  [
    String.raw`=(?:https?|ftps?)://[^&\s]*\?(?:&|$)`,
    String.raw`(?:^|&)(?:mosconfig_absolute_path|_conf\[path\]|include_path|gallery_basedir|path\[docroot\]|appserv_root|phpbb_root_path|sitepath|abspath|root_path|base_path|config\[root_dir\])=(?:https?|ftps?)://`,
  ].join('|'),
);

/**
 * Server-side request forgery probes: cloud metadata endpoints (also as a decimal, hex or octal address) and
 * URL schemes a server-side fetch has no business with. Plain http(s) URLs in parameters are not flagged:
 * redirects and callbacks carry them all day.
 */
export const SSRF = new RegExp(
  [
    String.raw`169\.254\.169\.254|169\.254\.170\.2\b|fd00:ec2::254|metadata\.google\.internal|computemetadata/|metadata\.packet\.net|100\.100\.100\.200|metadata\.azure\.com|instance-data/latest`,
    String.raw`(?:^|[=/@])(?:https?://)?(?:2852039166|7147006462|0xa9fea9fe|0xa9\.0xfe\.0xa9\.0xfe|0251\.0376\.0251\.0376)(?:[/:?#]|$)`,
    // Java's url: prefix and Python's local_file:// reach the file system past a filter on file:// alone.
    String.raw`(?:^|[=\s"'(])(?:url:)?(?:gopher|dict|ldaps?|tftp|netdoc|phar|expect|file|local_file)://|(?:^|[=\s"'(])jar:(?:https?|file|ftp):`,
  ].join('|'),
);

/**
 * Known exploit paths of published CVEs (substring match on the decoded path). The IIS worms of the 2000s
 * (Code Red's default.ida, the root.exe / cmd.exe backdoors Nimda looks for, the nsiislog.dll and FrontPage
 * fp30reg.dll overflows) still turn up in internet background noise.
 */
export const CVE_PATH =
  /(?:^|\/)default\.ida$|(?:^|\/)(?:root|cmd)\.exe$|\/nsiislog\.dll$|\/_vti_aut\/fp30reg\.dll$|\/_ignition\/execute-solution|(?:^|\/)setup\.cgi|\/cgi\/networkdiag\.cgi|eval-stdin\.php|\/actuator\/gateway\/routes|\/boaform\/admin\/formlogin|\/gponform\/diag_form|(?:^|\/)hnap1(?:\/|$)|\/remote\/fgt_lang|\/mgmt\/tm\/util\/bash|\/wls-wsat\/coordinatorporttype|\/_async\/asyncresponseservice|\/api\/jsonws\/invoke|\/cgi-bin\/luci\/;stok=|\/tmui\/login\.jsp\/\.\.;|\/level\/15\/exec\/-\/|\/ws\/v1\/cluster\/apps\/new-application|autodiscover\/autodiscover\.json|connector\.minimal\.php|(?:^|\/)cgi-bin\/php(?:\d|-cgi)?(?:\.exe)?$|trinity\.txt\.bak|\/vpns\/|\/\+cscot\+\/|(?:^|\/)containers\/json|(?:^|\/)tmunblock\.cgi|\/goform\/|\/mifs\/\.;\/|\/catalog-portal\/ui\/oauth\/verify|\/cgi-bin\/kerbynet|\/mgmt\/shared\/authn\/login|\/ui\/vropspluginui|\/wp-content\/plugins\/revslider\/temp\/update_extract/;

/**
 * Characters repeated this many times in a row in a path or a parameter: the filler of a buffer-overflow
 * exploit (the WebDAV SEARCH overflow sends one character 65,000 times; Code Red 224 X's). Nothing a person
 * or a program writes into a URL repeats one character this long.
 */
export const OVERFLOW_RUN = 512;

/** Webshell / backdoor file names. */
export const WEBSHELL =
  /(?:^|\/)(?:c99|c100|r57|r00t|b374k|wso[\d.]*|alfa\w*|indoxploit\w*|priv8\w*|sh3ll|madspot\w*|webshell\w*|backdoor\w*|[\w.-]*shell|cmd|up|uploader|xleet\w*|mini|marijuana|leaf\w*|0byte|symlink|bypass\w*)\.(?:php\d?|phtml|asp|aspx|jsp|jspx|cgi|pl|ashx)$/;

/** Admin interfaces of common products (counted only when the server answers ≥400: a real admin gets 200). */
export const ADMIN =
  /(?:^|\/)(?:phpmyadmin[\w.-]*|phpmyadm\w*|pma\d*|myadmin|mysqladmin|sqladmin|mysql-admin|dbadmin|db-admin|websql|sqlweb|adminer[\w.-]*|administrator|admin|admin\.(?:php|asp|aspx|html|jsp)|admin[12]|admincp|admin_area|admin-console|cpanel|webadmin|siteadmin|controlpanel|manager\/html|manager\/status|host-manager|jmx-console|web-console|axis2-admin|\+cscoe\+|\+cscol\+|webmin|plesk|directadmin|ispconfig|filemanager|bitrix\/admin)(?:\/|$)/;

/** Product fingerprinting paths (counted only when answered ≥400, i.e. the product is not there). */
export const TECHNOLOGY =
  /(?:^|\/)(?:crx\/(?:packmgr|de)|libs\/granite\/|system\/console|bin\/querybuilder\.json|cgi-bin\/videoconfiguration\.cgi|invoker\/(?:jmx|ejb)invokerservlet|jolokia|actuator\/(?:env|heapdump|mappings|configprops|logfile|jolokia)|server-status|server-info|telescope\/requests|_profiler\/|elmah\.axd|trace\.axd|debug\/default\/view|debug\/pprof|console\/login\/loginform\.jsp|nacos\/|geoserver\/web|solr\/admin\/info\/system|global-protect\/login\.esp|remote\/login|vpn\/index\.html|dana-na\/|druid\/index\.html|struts2-showcase|sslvpn|cgi-bin\/(?:webproc|login\.cgi|supervisor)|webui\/|sdk\/vimservice|officescan\/|owa\/auth\/x\.js|zabbix\/|portal\/redlion|config\/getuser)/;

/** The w00tw00t / DFind vulnerability-scanner probes. */
export const W00T = /w00tw00t|\/core\/skin\/login\.aspx/;

/** WordPress paths (any prefix: scanners try WordPress under sub-folders too). */
export const WORDPRESS =
  /\/wp-(?:content|includes|admin|json)\/|\/wp-(?:login|config|cron|signup|trackback|links-opml|mail|settings|activate|blog-header|load)\.php|\/xmlrpc\.php|\/wp-admin$/;

export const WP_LOGIN = /\/(?:wp-login|xmlrpc)\.php$/;

export const WP_USERS = /\/wp-json\/wp\/v2\/users/;

/** Static assets: crawl and probing rules ignore them (a page with broken images is not a probe). */
export const STATIC =
  /\.(?:css|js|mjs|map|png|jpe?g|gif|ico|svg|webp|avif|bmp|tiff?|woff2?|ttf|otf|eot|mp4|webm|mp3|ogg|wav|flac|avi|mov|m4a|pdf)$/;

/** Protocols that exist; anything else in the request line is a probe or a broken client. */
export const VALID_PROTOCOLS = new Set(['HTTP/0.9', 'HTTP/1.0', 'HTTP/1.1', 'HTTP/2', 'HTTP/2.0', 'HTTP/3', 'HTTP/3.0']);
