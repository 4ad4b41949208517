// Stylesheets imported by a script (vite turns the import into a <link>); they export nothing.
declare module '*.css' {}
