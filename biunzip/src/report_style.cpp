// report.html's stylesheet: screen and print.
#include "report_parts.hpp"

namespace biunzip::report {

std::string stylesheet() {
  return R"CSS(
:root{--ink:#1d2433;--muted:#5b6578;--line:#e4e8ef;--bg:#f3f5f9;--card:#fff}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
 font:14px/1.5 "Inter","Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
header.band{background:linear-gradient(120deg,#0f1c36 0%,#1f3c70 60%,#2a5298 100%);color:#fff;
 padding:30px 48px 64px}
header.band .kicker{text-transform:uppercase;letter-spacing:.12em;font-size:11px;opacity:.7}
header.band h1{margin:4px 0 6px;font-size:26px;font-weight:650;word-break:break-all}
header.band .meta{display:flex;flex-wrap:wrap;gap:8px 28px;font-size:13px;opacity:.92}
header.band .meta b{font-weight:600;opacity:.75;margin-right:6px}
main{max-width:1320px;margin:-40px auto 0;padding:0 48px 40px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:14px;margin-bottom:22px}
.card{background:var(--card);border-radius:12px;padding:16px 18px;
 box-shadow:0 1px 3px rgba(16,24,40,.10),0 1px 2px rgba(16,24,40,.06);border-top:3px solid #2a5298}
.card.alert{border-top-color:#d92d20}.card.warn{border-top-color:#f79009}.card.good{border-top-color:#12b76a}
.card .n{font-size:28px;font-weight:700;line-height:1.2}
.card .l{color:var(--muted);font-size:11px;text-transform:uppercase;letter-spacing:.07em}
.card .s{color:var(--muted);font-size:12px;margin-top:2px}
section{background:var(--card);border-radius:12px;padding:20px 24px;margin-bottom:20px;
 box-shadow:0 1px 3px rgba(16,24,40,.10),0 1px 2px rgba(16,24,40,.06)}
section h2{margin:0 0 14px;font-size:17px;font-weight:650;display:flex;align-items:center;gap:10px}
section h2 .count{font-size:12px;font-weight:600;color:var(--muted);background:#eef2f7;
 border-radius:999px;padding:1px 10px}
details>summary{cursor:pointer;color:#2a5298;font-weight:600;margin:4px 0 10px}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:8px}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;background:#eef2f7;color:#344054;font-weight:600;padding:8px 10px;
 border-bottom:1px solid var(--line);white-space:nowrap}
td{padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}
tbody tr:nth-child(even){background:#f8fafc}
tbody tr:hover{background:#eef4ff}
tbody tr:last-child td{border-bottom:none}
td.num{white-space:nowrap;font-variant-numeric:tabular-nums}
.mono{font-family:"JetBrains Mono",ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
 word-break:break-all}
table.kv th{width:30%;background:none;color:var(--muted);font-weight:500;white-space:normal}
table.kv tbody tr:nth-child(even){background:#f8fafc}
.badge{display:inline-block;padding:1px 9px;border-radius:999px;font-size:11px;font-weight:700;
 text-transform:uppercase;letter-spacing:.04em;white-space:nowrap}
.sev-critical{background:#7a0916;color:#fff}.sev-high{background:#d92d20;color:#fff}
.sev-medium{background:#f79009;color:#fff}.sev-low{background:#1570ef;color:#fff}
.sev-info{background:#98a2b3;color:#fff}.sev-other{background:#e4e7ec;color:#344054}
.sevbar{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:14px}
.sevbar span.badge{font-size:12px;padding:3px 12px}
.ok{color:#067647;font-weight:600}.fail{color:#b42318;font-weight:600}
.muted{color:var(--muted);font-size:12px}
.note{color:#93370d;background:#fffaeb;border:1px solid #fedf89;padding:8px 12px;border-radius:8px;margin:0 0 10px}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center;padding:8px 0 32px}
nav{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 16px}
nav a{background:var(--card);border-radius:999px;padding:3px 12px;color:#2a5298;text-decoration:none;
 font-size:12px;font-weight:600;box-shadow:0 1px 2px rgba(16,24,40,.08)}
header.band .meta .bad{color:#fecdca;font-weight:700}
h3{font-size:14px;margin:18px 0 8px;display:flex;align-items:center;gap:8px}
h3 .count{font-size:11px;color:var(--muted);background:#eef2f7;border-radius:999px;padding:0 8px}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:10px 12px}
main>section{content-visibility:auto;contain-intrinsic-size:auto 900px}
figure#activity,figure#suspicious{grid-column:1/-1}
table.kv td{overflow-wrap:anywhere}
figcaption{font-size:12px;font-weight:600;color:#344054;margin-bottom:6px}
svg.chart{width:100%;height:auto;font-size:11px;fill:#344054}
svg.chart text.flag{fill:#b42318;font-weight:700}
svg.chart tspan.muted{fill:#667085;font-weight:400}
.kvgrid{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:14px}
.kvcard{border:1px solid var(--line);border-radius:8px;padding:8px 12px}
.kvcard h3{margin:4px 0 6px}
.filter{margin:0 0 10px;display:flex;gap:10px;align-items:center}
.filter input{width:min(480px,100%);padding:6px 10px;border:1px solid #cfd6e2;border-radius:8px;font:inherit}
ul.hits{margin:0;padding-left:16px}ul.hits>li{margin:2px 0}
ul.ev{margin:2px 0 4px;padding-left:16px;color:#475467}
.attack{background:#fef3f2;color:#b42318;border-radius:4px;padding:0 6px;font-size:11px;font-weight:600}
.src{color:var(--muted);font-size:11px}
.obj{font-weight:600}
details.more{margin-top:6px}
@media print{body{background:#fff;font-size:11px}main{max-width:none;padding:0 8px;margin:0}
 header.band{-webkit-print-color-adjust:exact;print-color-adjust:exact;padding:16px 12px}
 nav,.filter{display:none}section{box-shadow:none;border:1px solid var(--line);break-inside:auto}
 h2,h3{break-after:avoid}tr,figure,.kvcard,.card{break-inside:avoid}
 .scroll{overflow:visible;border:none}.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}}
)CSS";
}

}  // namespace biunzip::report
