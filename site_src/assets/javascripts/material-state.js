/*
 * Material for MkDocs' inline head script (mkdocs-material 9.x,
 * partials/javascripts/base.html), as a file every page shares instead of a
 * copy in each (site_src/overrides/partials/javascripts/base.html loads it).
 * The scope (where Material keeps the reader's palette and other state in
 * localStorage) is the site's root: two folders up from this file, or the
 * page's `extra.scope` when mkdocs.yml sets one (data-scope). Keep it as
 * Material has it when upgrading.
 */
__md_scope=new URL(document.currentScript.dataset.scope||"../..",document.currentScript.dataset.scope?location:document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
